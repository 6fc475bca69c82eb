package dev.imagecatalog.internal;

import java.nio.file.Path;

/**
 * The catalog's staging area ({@code import.staging-dir}): a directory reserved for staged and downloaded data,
 * never a store. Files are kept under the catalog id, so catalogs sharing a directory never touch each other's.
 */
final class StagingArea {
    private final Path root;

    StagingArea(Path dir, String catalogId) {
        this.root = dir.resolve(catalogId);
    }

    /** {@return the directory this catalog stages in} */
    Path root() {
        return root;
    }
}
