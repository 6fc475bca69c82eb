package dev.imagecatalog.metadata.jdbc;

import java.util.List;

/**
 * The schema migration that gives each image location its status: {@code image_locations.status} holds Glance's name
 * of a {@link dev.imagecatalog.image.LocationStatus} ({@code active}, {@code pending}, {@code deleting}). The column
 * is added with {@code IF NOT EXISTS}, {@code NOT NULL} and default {@code active}, so the rows of a catalog written
 * before locations had a status (one active location per image with data) become active locations in the same
 * statement, and a step interrupted by a crash is simply applied again. A check constraint refuses any other value.
 */
final class LocationStatusSchema {
    private LocationStatusSchema() {
    }

    static List<String> steps() {
        return List.of("ALTER TABLE image_locations ADD COLUMN IF NOT EXISTS status VARCHAR(16) DEFAULT 'active' "
                + "NOT NULL CHECK (status IN ('active', 'pending', 'deleting'))");
    }
}
