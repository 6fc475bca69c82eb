package dev.imagecatalog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's staging area ({@code import.staging-dir}): a directory reserved for staged and downloaded data,
 * never a store. Files are kept under the catalog id, so catalogs sharing a directory never touch each other's.
 */
final class StagingArea {
    /** The pseudo store id staged data is located at; never a configured store. */
    static final String STORE_ID = "os_glance_staging_store";
    private final Path root;

    StagingArea(Path dir, String catalogId) {
        this.root = dir.resolve(catalogId);
    }

    /** {@return the directory this catalog stages in} */
    Path root() {
        return root;
    }

    Path path(String imageId) {
        return root.resolve(imageId);
    }

    boolean has(String imageId) {
        return Files.isRegularFile(path(imageId));
    }

    void delete(String imageId) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, imageId + "*")) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (name.equals(imageId) || name.startsWith(imageId + ".")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
}
