package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store streams: an upload of unknown length, many times the catalog's buffer pool and the store's own buffers,
 * runs in a child JVM whose heap ({@link #childHeap()}) is at most a quarter of the image, and the bytes read back
 * match. An upload that held the image (or a growing part of it) would end the child with an
 * {@link OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}). Each store module extends this with its own
 * settings; the memory store is not tested here, since it keeps every image on the heap by design.
 *
 * <p>The image size is {@link #imageBytes()}; {@code -Dimagecatalog.heap-test.bytes=N} overrides it.
 */
public abstract class UnknownLengthUploadHeapContract {
    private static final long SEED = 20261203L;

    /** The child's heap limit, a JVM option: {@code -Xmx96m}. */
    protected String childHeap() {
        return "-Xmx96m";
    }

    /** The image size: 512 MiB (a slower server may take less, keeping at least four times the child's heap). */
    protected long imageBytes() {
        return 512L << 20;
    }

    /**
     * Catalog settings for the store under test ({@code stores}, {@code store.<id>.type} and the store's keys; the
     * metadata back-end is memory). Buffers are the store's defaults or smaller, so that they fit the child heap.
     */
    protected abstract Map<String, String> storeSettings();

    @Test
    void anUnknownLengthUploadRunsInAHeapSmallerThanTheImage() throws Exception {
        long size = Long.getLong("imagecatalog.heap-test.bytes", imageBytes());
        String expected = SeededBytes.md5(SEED, size);
        List<String> args = new ArrayList<>(List.of(Long.toString(size), Long.toString(SEED)));
        storeSettings().forEach((k, v) -> args.add(k + "=" + v));
        List<String> lines;
        try (ChildJvm child = ChildJvm.start("unknown-length-upload", UnknownLengthUploadChild.class,
                List.of(childHeap(), "-XX:+ExitOnOutOfMemoryError"), args)) {
            lines = child.awaitExit(Duration.ofMinutes(3)); // exit status 0, or fails showing the output
        }
        long heapMax = Long.parseLong(line(lines, "heap-max")[1]);
        assertThat(heapMax).as("the child's heap is at most a quarter of the image").isLessThanOrEqualTo(size / 4);
        String[] uploaded = line(lines, "uploaded");
        assertThat(uploaded[1]).as("checksum the catalog recorded").isEqualTo(expected);
        assertThat(Long.parseLong(uploaded[2])).isEqualTo(size);
        String[] downloaded = line(lines, "downloaded");
        assertThat(downloaded[1]).as("MD5 of the bytes read back").isEqualTo(expected);
        assertThat(Long.parseLong(downloaded[2])).isEqualTo(size);
        assertThat(lines).contains("done");
        System.out.println(getClass().getSimpleName() + ": " + (size >> 20) + " MiB of unknown length in "
                + childHeap() + ": upload " + uploaded[3] + ", download " + downloaded[3]);
    }

    private static String[] line(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + "' line in the child output:\n"
                        + String.join("\n", lines)))
                .split(" ");
    }
}
