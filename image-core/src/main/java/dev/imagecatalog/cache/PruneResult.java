package dev.imagecatalog.cache;

/**
 * What a prune removed (Glance's {@code total_files_pruned}, {@code total_bytes_pruned}).
 *
 * @param filesPruned cached images removed
 * @param bytesPruned their bytes
 */
public record PruneResult(int filesPruned, long bytesPruned) {
}
