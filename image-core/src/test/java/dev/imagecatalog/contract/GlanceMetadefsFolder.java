package dev.imagecatalog.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where tests find Glance's 33 standard metadefs files: {@code IMAGECATALOG_GLANCE_METADEFS} (system property or
 * environment variable), else {@code ../shared/data/glance-metadefs} relative to the project root
 * ({@code IMAGECATALOG_PROJECT_ROOT}, which surefire sets). The files are never copied into the project.
 */
public final class GlanceMetadefsFolder {
    /** How many files Glance ships in {@code etc/metadefs}. */
    public static final int STANDARD_FILE_COUNT = 33;
    /** Stands for "the folder is missing" in a parameter list, so the test can report it. */
    public static final String MISSING = "(metadefs folder missing)";

    private GlanceMetadefsFolder() {
    }

    /** The folder (which may not exist). */
    public static Path folder() {
        return TestEnvironment.optional("IMAGECATALOG_GLANCE_METADEFS").map(Path::of).orElseGet(() -> {
            Path root = Path.of(TestEnvironment.optional("IMAGECATALOG_PROJECT_ROOT").orElse("."));
            return root.resolve("../shared/data/glance-metadefs");
        }).toAbsolutePath().normalize();
    }

    /** The folder; when missing, fails the test in CI and skips it elsewhere. */
    public static Path require() {
        Path folder = folder();
        TestEnvironment.requireThat(Files.isDirectory(folder), "Glance metadefs folder " + folder
                + " not found: set IMAGECATALOG_GLANCE_METADEFS to a copy of Glance's etc/metadefs");
        return folder;
    }

    /** The {@code *.json} file names of the folder, sorted; {@link #MISSING} alone when there is no folder. */
    public static List<String> fileNames() {
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            return List.of(MISSING);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
