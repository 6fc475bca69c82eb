package dev.imagecatalog.importplugins;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.StagedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** A {@link StagedImage} over a file in a test's temporary folder, recording what the plug-in asked for. */
final class TestStagedImage implements StagedImage {
    private final Image image;
    private final RequestContext caller;
    private final Path dir;
    private final Set<Path> created = new HashSet<>();
    final Map<String, String> properties = new LinkedHashMap<>();
    final List<String> messages = new ArrayList<>();
    private Path data;
    String diskFormat;
    String containerFormat;

    TestStagedImage(Path dir, byte[] content, String diskFormat, String containerFormat, RequestContext caller)
            throws IOException {
        this.dir = dir;
        this.data = Files.write(dir.resolve("staged"), content);
        this.caller = caller;
        this.image = Image.builder().id("00000000-0000-0000-0000-000000000001").diskFormat(diskFormat)
                .containerFormat(containerFormat).owner("p1").createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH)
                .build();
    }

    static TestStagedImage of(Path dir, byte[] content, String diskFormat) throws IOException {
        return new TestStagedImage(dir, content, diskFormat, "bare", RequestContext.member("p1", "u1"));
    }

    /** {@return the staged data's bytes} */
    byte[] bytes() throws IOException {
        return Files.readAllBytes(data);
    }

    /** {@return every file in the folder, the staged data included} */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
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
        Path f = Files.createTempFile(dir, "new.", ".plugin");
        created.add(f);
        return f;
    }

    @Override
    public void replaceData(Path file) {
        if (!created.remove(file)) {
            throw new IllegalArgumentException("not from newDataFile(): " + file);
        }
        try {
            Files.move(file, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        properties.put(key, value);
    }

    @Override
    public void progress(String message) {
        messages.add(message);
    }
}
