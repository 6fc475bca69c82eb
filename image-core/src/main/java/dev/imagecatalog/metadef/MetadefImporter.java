package dev.imagecatalog.metadef;

import dev.imagecatalog.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads Glance metadefs JSON files (what operators keep under {@code /etc/glance/metadefs}) into the catalog,
 * like {@code glance-manage db load_metadefs}. Every {@code *.json} file of the directory (not its
 * sub-directories) is read and checked before anything is written, so one bad file imports nothing; the error
 * names the file and the attribute.
 *
 * <pre>{@code
 * ImportReport report = new MetadefImporter(metadefs.forContext(admin))
 *         .importDirectory(Path.of("/etc/glance/metadefs"), ExistingNamespacePolicy.SKIP);
 * }</pre>
 */
public final class MetadefImporter {
    private final MetadefService service;
    private final MetadefJson json = new MetadefJson();

    /**
     * An importer writing through {@code service} (its caller's rights apply; an admin normally).
     *
     * @param service the service written through
     */
    public MetadefImporter(MetadefService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Imports every {@code *.json} file of {@code directory}, in file name order.
     *
     * @param directory the folder holding the files
     * @param policy    what to do with a namespace that exists
     * @return how many namespaces were created, merged, replaced and skipped
     * @throws InvalidInputException if {@code directory} is not a folder, or naming the file that is not a valid namespace
     * @throws java.io.UncheckedIOException if the folder or a file cannot be read
     */
    public ImportReport importDirectory(Path directory, ExistingNamespacePolicy policy) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException("path: " + directory + " is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        files.sort(null);
        return importFiles(files, policy);
    }

    /**
     * Imports these files (each one namespace).
     *
     * @param files  the files, each holding one namespace
     * @param policy what to do with a namespace that exists
     * @return how many namespaces were created, merged, replaced and skipped
     * @throws InvalidInputException naming the file that is not a valid namespace
     * @throws java.io.UncheckedIOException if a file cannot be read
     */
    public ImportReport importFiles(List<Path> files, ExistingNamespacePolicy policy) {
        List<MetadefNamespace> namespaces = new ArrayList<>();
        for (Path file : files) {
            namespaces.add(read(file));
        }
        return service.importNamespaces(namespaces, policy);
    }

    /**
     * Reads one Glance metadefs file without importing it.
     *
     * @param file the file
     * @return the namespace it holds
     * @throws InvalidInputException naming the file and the path in it at fault
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public MetadefNamespace read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return json.fromGlanceJson(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
