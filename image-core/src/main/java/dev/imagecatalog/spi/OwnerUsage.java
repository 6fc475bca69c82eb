package dev.imagecatalog.spi;

/**
 * What one owner (project) holds in a metadata repository, for quotas (Glance's usage queries).
 *
 * @param imageCount  images not killed, pending_delete or deleted ({@code image_count_total})
 * @param storedBytes sum of {@code size} over those images with a size ({@code image_size_total})
 * @param uploading   images in saving, uploading or importing ({@code image_count_uploading})
 */
public record OwnerUsage(long imageCount, long storedBytes, long uploading) {
}
