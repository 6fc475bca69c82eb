package dev.imagecatalog.image;

/**
 * One quota and the caller's use of it (Glance's {@code GET /v2/info/usage} entry).
 *
 * @param name  {@code image_count_total}, {@code image_size_total} (bytes), {@code image_stage_total} (bytes being
 *              uploaded) or {@code image_count_uploading}
 * @param limit the limit, or -1 when unlimited
 * @param usage the current use
 */
public record QuotaUsage(String name, long limit, long usage) {
}
