package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's staging area ({@code import.staging-dir}): a directory reserved for staged and downloaded data,
 * never a store. Files are kept under the catalog id, so catalogs sharing a directory never touch each other's:
 * {@code <staging-dir>/<catalog id>/<image id>} is an image's staged data. Data is written under a temporary name
 * ({@code <image id>.<random>.part}), forced to disk and renamed into place atomically, so a staged file is always
 * whole; every file whose name starts with the image id (temporary files, plug-in files) goes with the image.
 */
final class StagingArea {
    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
    /** The pseudo store id staged data is located at ({@link StagingWriter#location()}); never a configured store. */
    static final String STORE_ID = "os_glance_staging_store";

    private final Path root;

    StagingArea(Path dir, String catalogId) {
        this.root = dir.resolve(catalogId);
    }

    /** {@return the directory this catalog stages in} */
    Path root() {
        return root;
    }

    /** {@return where {@code imageId}'s staged data is (it may not exist)} */
    Path path(String imageId) {
        return root.resolve(imageId);
    }

    /** {@return whether {@code imageId} has staged data} */
    boolean has(String imageId) {
        return Files.isRegularFile(path(imageId));
    }

    /** A new temporary file for {@code imageId}'s data, to {@link #publish} once whole. */
    Path temporary(String imageId) {
        try {
            Files.createDirectories(root);
            return Files.createFile(root.resolve(imageId + "." + UUID.randomUUID() + ".part"));
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot create a staging file for image " + imageId + " in "
                    + root + ": " + e.getMessage(), e);
        }
    }


    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(root, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("forcing the staging directory {} is not supported here", root, e);
        }
    }

    /** A writer of {@code imageId}'s staged data: a temporary file, published on commit, removed on abort. */
    ImageWriter openWriter(String imageId) {
        Path tmp = temporary(imageId);
        try {
            return new StagingWriter(imageId, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new BackendUnavailableException("cannot open a staging file for image " + imageId + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes {@code imageId}'s staged data and every other file of it (temporary, plug-in); failures are logged. */
    void delete(String imageId) {
        for (Path f : filesOf(imageId)) {
            deleteQuietly(f);
        }
    }

    /** {@return the image ids with staged data or leftovers here, each once} */
    List<String> list() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                String id = dot < 0 ? name : name.substring(0, dot);
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the staging area " + root, e);
        }
        return ids;
    }

    private List<Path> filesOf(String imageId) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, imageId + "*")) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (name.equals(imageId) || name.startsWith(imageId + ".")) {
                    out.add(f);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.warn("cannot list the staging files of image {} in {}", imageId, root, e);
        }
        return out;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cannot delete the staging file {}", f, e);
        }
    }

    /** One stage's write: the temporary file, forced and renamed into place on commit. */
    private final class StagingWriter implements ImageWriter {
        private final String imageId;
        private final Path tmp;
        private final FileChannel channel;
        private boolean done;

        StagingWriter(String imageId, Path tmp, FileChannel channel) {
            this.imageId = imageId;
            this.tmp = tmp;
            this.channel = channel;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }

        @Override
        public StoreLocation commit() throws IOException {
            channel.force(true);
            channel.close();
            Files.move(tmp, path(imageId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            done = true;
            return location();
        }

        @Override
        public StoreLocation location() {
            return new StoreLocation("file", STORE_ID, imageId);
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the staging file {} failed", tmp, e);
            }
            deleteQuietly(tmp);
        }

        @Override
        public void close() {
            abort();
        }
    }
}
