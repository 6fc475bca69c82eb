package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build refused after the catalog's worker threads started (its settings passed the up-front check, a later part
 * failed) stops every thread it started: a host that retries with other settings does not pile up heartbeat or
 * prefetch threads.
 */
class FailedBuildTest {
    @TempDir
    Path dir;

    private Map<String, String> settings(String catalogId) {
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "mem");
        s.put("store.mem.type", "memory");
        s.put("catalog.id", catalogId);
        s.put("cache.enabled", "true");
        s.put("cache.dir", dir.toString());
        return s;
    }

    private static ImageCatalog build(Map<String, String> settings) {
        ImageCatalog.Builder b = ImageCatalog.builder();
        settings.forEach(b::setting);
        return b.build();
    }

    @Test
    void anUnknownImportPlugInStopsTheThreadsStartedBeforeIt() throws InterruptedException {
        Map<String, String> s = settings("c1");
        s.put("import.plugins", "decompresion");
        assertRefusedWithoutThreadsLeft(s, "unknown import plug-in type 'decompresion'");
    }

    @Test
    void aCacheDirectoryHeldByAnotherCatalogStopsTheThreadsStartedBeforeIt() throws InterruptedException {
        try (ImageCatalog holder = build(settings("c2"))) {
            assertThat(holder.cacheEnabled()).isTrue();
            assertRefusedWithoutThreadsLeft(settings("c2"), "cache.dir");
        }
        try (ImageCatalog again = build(settings("c2"))) {
            assertThat(again.cacheEnabled()).as("the lock went with the holder").isTrue();
        }
    }

    private static void assertRefusedWithoutThreadsLeft(Map<String, String> s, String message)
            throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> build(s)).isInstanceOf(CatalogConfigurationException.class)
                    .hasMessageContaining(message);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> left = started(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            left = started(before);
        }
        assertThat(left).as("catalog threads alive after three refused builds").isEmpty();
    }

    private static List<String> started(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("imagecatalog-"))
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
