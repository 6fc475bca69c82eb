package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filesystem store's commit and delete survive a power cut. The store runs on a {@link PowerCutFileSystem}, a
 * file system wrapping the default one that records, per file and directory, what was forced; its power cut puts
 * back every file's bytes as of its last {@code fsync} and every directory's names as of its last {@code fsync}
 * (POSIX's promise, no more). Without any one of the store's forces (the file's before the rename, the directory's
 * after the rename, the data directory's after a shard directory or the data directory itself was created, the
 * directory's after a delete) one of these tests fails.
 */
class FilesystemPowerCutTest {
    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path disk;

    /** The store over {@code <mount>/images} (created by the store when missing), fsync on. */
    private static FilesystemImageStore open(PowerCutFileSystem fs, long flushInterval) throws IOException {
        return new FilesystemImageStore("local", "catalog-1", fs.root().resolve("images"), true, flushInterval);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(ImageWriter w, byte[] data) throws IOException {
        for (int off = 0; off < data.length; off += 8192) {
            w.write(ByteBuffer.wrap(data, off, Math.min(8192, data.length - off)));
        }
    }

    private static StoreLocation commit(FilesystemImageStore store, String id, byte[] data) throws IOException {
        ImageWriter w = store.openWriter(id, data.length);
        write(w, data);
        return w.commit();
    }

    private static byte[] read(FilesystemImageStore store, StoreLocation loc) throws IOException {
        try (InputStream in = store.openStream(loc, 0, -1)) {
            return in.readAllBytes();
        }
    }

    /** Names of committed objects on the real disk (files named exactly by an image id, wherever they are). */
    private List<String> committedObjects() throws IOException {
        try (Stream<Path> all = Files.walk(disk)) {
            return all.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> IMAGE_ID.matcher(n).matches()).sorted().collect(Collectors.toList());
        }
    }

    /**
     * A committed image is whole and named after the power cut; a write still running and an aborted one leave no
     * object. With {@code fsync.interval} 0 only the commit forces the file; with 64 KiB a background write-back
     * forces the first 64 KiB during the upload (the test waits for it) and the commit's force must still cover the
     * tail written after it.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 64 * 1024})
    void aCommittedImageIsWholeAndNamedAfterAPowerCut(long flushInterval) throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        FilesystemImageStore store = open(fs, flushInterval);
        String committed = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        String aborted = UUID.randomUUID().toString();
        byte[] data = bytes(64 * 1024 + 12_345, 1);
        ImageWriter writer = store.openWriter(committed, data.length);
        write(writer, Arrays.copyOf(data, 64 * 1024));
        if (flushInterval > 0) {
            awaitForceOf(fs, committed);
        }
        write(writer, Arrays.copyOfRange(data, 64 * 1024, data.length));
        StoreLocation loc = writer.commit();
        ImageWriter inFlight = store.openWriter(running, -1);
        write(inFlight, bytes(200_000, 2));
        try (ImageWriter gone = store.openWriter(aborted, -1)) {
            write(gone, bytes(100_000, 3));
            gone.abort();
        }

        PowerCutFileSystem rebooted = fs.cutPower();
        try (FilesystemImageStore after = open(rebooted, flushInterval)) {
            assertThat(read(after, loc)).as("the committed image's bytes after the power cut (forced: %s)", fs.forces())
                    .isEqualTo(data);
            assertThat(committedObjects()).containsExactly(committed);
            ImageWriter again = after.openWriter(running, -1);
            write(again, bytes(1000, 4));
            assertThat(read(after, again.commit())).as("the interrupted image can be written anew").hasSize(1000);
        }
    }

    /** Waits until the background write-back forced the temporary file of {@code imageId}. */
    private static void awaitForceOf(PowerCutFileSystem fs, String imageId) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fs.forces().stream().noneMatch(f -> f.contains(imageId))) {
            assertThat(System.nanoTime()).as("no background write-back of %s seen", imageId).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A second image into an existing shard and data directory: the directory holding the new name is forced. */
    @Test
    void aSecondImageInTheSameShardSurvivesTheCutToo() throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        FilesystemImageStore store = open(fs, 0);
        String first = "ab" + UUID.randomUUID().toString().substring(2);
        String second = "ab" + UUID.randomUUID().toString().substring(2);
        commit(store, first, bytes(5000, 5));
        fs = fs.cutPower();
        store = open(fs, 0);
        byte[] data = bytes(7000, 6);
        StoreLocation loc = commit(store, second, data);

        try (FilesystemImageStore after = open(fs.cutPower(), 0)) {
            assertThat(read(after, loc)).isEqualTo(data);
            assertThat(committedObjects()).containsExactlyInAnyOrder(first, second);
        }
    }

    /** A delete that returned stays done after the power cut (the directory that lost the name is forced). */
    @Test
    void aDeleteSurvivesAPowerCut() throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        FilesystemImageStore store = open(fs, 0);
        String deleted = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        StoreLocation gone = commit(store, deleted, bytes(4000, 7));
        byte[] data = bytes(6000, 8);
        StoreLocation stays = commit(store, kept, data);
        assertThat(store.delete(gone)).isTrue();

        try (FilesystemImageStore after = open(fs.cutPower(), 0)) {
            assertThat(after.exists(gone)).as("a deleted object came back after the power cut").isFalse();
            assertThat(committedObjects()).containsExactly(kept);
            assertThat(read(after, stays)).isEqualTo(data);
        }
    }
}
