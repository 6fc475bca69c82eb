package dev.imagecatalog.internal;

import dev.imagecatalog.spi.MetadataRepository;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What every caller's imports share in one catalog: the settings, the staging area, the task ledger, the bounded
 * pool of import workers ({@code import.workers}; imports beyond it wait, their tasks pending), the plug-ins and the
 * web-download fetch.
 */
record ImportParts(ImportConfig config, StagingArea staging, TaskLedger tasks, ExecutorService workers,
                   ImportPlugins plugins, WebDownload web) implements AutoCloseable {

    /** Builds the parts of one catalog; {@code threadPrefix} names its threads. */
    static ImportParts build(ImportConfig config, MetadataRepository repo, EventBus events, RecoveryConfig recovery,
                             String catalogId, ClassLoader classLoader, String threadPrefix) {
        ImportPlugins plugins = ImportPlugins.load(config, classLoader);
        ThreadPoolExecutor workers = WorkerThreads.fixed(config.workers(), threadPrefix + "-import-");
        TaskLedger tasks = new TaskLedger(repo.tasks(), events, recovery.instance(), config.taskTimeToLive(),
                recovery.intentHeartbeat(), threadPrefix + "-task-heartbeat");
        return new ImportParts(config, new StagingArea(config.stagingDir(), catalogId), tasks, workers, plugins,
                new WebDownload(config.filtering(), config.connectTimeout(), config.readTimeout(),
                        config.maxRedirects()));
    }

    /** Stops the workers (a running import is interrupted) and the heartbeat. */
    @Override
    public void close() {
        workers.shutdownNow();
        tasks.close();
    }
}
