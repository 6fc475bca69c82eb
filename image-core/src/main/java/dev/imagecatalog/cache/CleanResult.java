package dev.imagecatalog.cache;

/**
 * What a clean removed: invalid files and stalled incomplete ones.
 *
 * @param filesRemoved files removed
 * @param bytesRemoved their bytes
 */
public record CleanResult(int filesRemoved, long bytesRemoved) {
}
