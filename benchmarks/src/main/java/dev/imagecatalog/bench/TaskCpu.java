package dev.imagecatalog.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name, native ones included (the garbage collector's, the JIT compilers'), read
 * from Linux's {@code /proc/self/task/<tid>/stat} (user + system, in clock ticks of 10 ms); empty elsewhere.
 * Numbered threads of one kind count as one ({@code imagecatalog-...-upload-1}, {@code -2} ... as
 * {@code imagecatalog-...-upload-#}): where an upload's CPU went, as benchmark commentary.
 */
final class TaskCpu {
    private TaskCpu() {
    }

    /** Clock ticks by thread name now. */
    static Map<String, Long> byName() {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String key = comm.replaceAll("[0-9]+$", "#");
                    m.merge(key, ticks, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile: it has nothing more to count
                }
            }
        } catch (IOException e) {
            return m;
        }
        return m;
    }

    /**
     * CPU time of this JVM's live Java threads by their full names (Linux cuts {@link #byName}'s at 15 characters),
     * in clock ticks of 10 ms like {@link #byName}, each thread counted apart.
     */
    static Map<String, Long> byJavaName() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = mx.getThreadCpuTime(t.getId());
            if (nanos > 0) {
                m.merge(t.getName(), nanos / 10_000_000L, Long::sum);
            }
        }
        return m;
    }

    /**
     * CPU seconds (user + system) used so far by the other processes of this machine whose command line matches
     * {@code cmdline} (a server the benchmark talks to, such as s3proxy); 0 when none, NaN without {@code /proc}.
     */
    static double processesSeconds(String cmdline) {
        Pattern pattern = Pattern.compile(cmdline, Pattern.DOTALL);
        long ticks = 0;
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path d : procs.toList()) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    if (pattern.matcher(new String(Files.readAllBytes(d.resolve("cmdline")))).find()) {
                        String stat = Files.readString(d.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / 100.0;
    }

    /** The threads that used at least 50 ms between {@code a} and {@code b}, as {@code name=seconds}. */
    static String diff(Map<String, Long> a, Map<String, Long> b) {
        StringBuilder s = new StringBuilder();
        b.forEach((k, v) -> {
            long d = v - a.getOrDefault(k, 0L);
            if (d >= 5) {
                s.append(k).append('=').append(String.format(java.util.Locale.ROOT, "%.2f", d / 100.0)).append(' ');
            }
        });
        return s.toString();
    }
}
