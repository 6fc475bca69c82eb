package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.StagedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@link StagedImage} the import plug-ins work on: the staged data file in the staging area, the files the
 * plug-ins write beside it, and the format and property changes they ask for, which the import applies only if it
 * succeeds. Not thread-safe: one import's plug-ins run one after the other.
 */
final class StagedImageFile implements StagedImage {
    private final Image image;
    private final RequestContext caller;
    private final Path dir;
    private final Consumer<String> progress;
    private final Set<Path> created = ConcurrentHashMap.newKeySet();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Path data;
    private String diskFormat;
    private String containerFormat;

    /**
     * @param image    the image as the import found it
     * @param caller   who asked for the import
     * @param data     the staged data file
     * @param progress where {@link #progress} messages go (the task's message)
     */
    StagedImageFile(Image image, RequestContext caller, Path data, Consumer<String> progress) {
        this.image = image;
        this.caller = caller;
        this.data = data;
        this.dir = data.toAbsolutePath().getParent();
        this.progress = progress;
    }

    @Override
    public Image image() {
        return image;
    }

    @Override
    public RequestContext caller() {
        return caller;
    }

    @Override
    public Path data() {
        return data;
    }

    @Override
    public Path newDataFile() throws IOException {
        Path f = Files.createTempFile(dir, data.getFileName().toString() + ".", ".plugin");
        created.add(f);
        return f;
    }

    @Override
    public void replaceData(Path file) {
        if (!created.contains(file)) {
            throw new IllegalArgumentException("not a file from newDataFile(): " + file);
        }
        try {
            Files.move(file, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the staged data of image " + image.id(), e);
        }
        created.remove(file);
    }

    @Override
    public void setDiskFormat(String diskFormat) {
        this.diskFormat = diskFormat;
    }

    @Override
    public void setContainerFormat(String containerFormat) {
        this.containerFormat = containerFormat;
    }

    @Override
    public void setProperty(String key, String value) {
        if (!key.startsWith("os_glance")) {
            properties.put(key, value);
        }
    }

    @Override
    public void progress(String message) {
        progress.accept(message);
    }

    /** {@return the disk format a plug-in set, or null} */
    String diskFormat() {
        return diskFormat;
    }

    /** {@return the container format a plug-in set, or null} */
    String containerFormat() {
        return containerFormat;
    }

    /** {@return the properties the plug-ins set, {@code os_glance*} keys dropped} */
    Map<String, String> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** Deletes the files the plug-ins created and did not make the data. */
    void deleteLeftovers() {
        for (Path f : created) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a staging leftover: the staging sweep removes it
            }
        }
        created.clear();
    }
}
