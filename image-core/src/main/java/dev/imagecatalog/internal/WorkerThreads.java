package dev.imagecatalog.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors a catalog runs its work on. Every thread is a daemon (a host that forgets {@code close()} can still
 * exit) named after the catalog, so a thread dump says whose it is; an idle pool thread ends after 30 seconds.
 */
final class WorkerThreads {
    private static final long KEEP_ALIVE_SECONDS = 30;

    private WorkerThreads() {
    }

    /** {@return a pool that starts a thread for each task no idle thread takes, named {@code prefix} and a number} */
    static ThreadPoolExecutor elastic(String prefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), numbered(prefix));
    }

    /** {@return a pool of at most {@code threads} threads named {@code prefix} and a number, queuing the rest} */
    static ThreadPoolExecutor fixed(int threads, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), numbered(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@return one thread named {@code name} for periodic work, which drops its delayed tasks at shutdown} */
    static ScheduledThreadPoolExecutor timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name));
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    private static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
