package dev.imagecatalog.metadata.jdbc;

import java.util.List;

/**
 * The schema migration that adds what recovery needs. Self-contained (it depends on no other step's tables); every
 * statement is {@code IF NOT EXISTS}.
 *
 * <ul>
 *   <li>{@code catalog_identity}: one row (id 1) holding the catalog id that every instance sharing this database
 *       uses to mark its data in the stores.</li>
 *   <li>{@code write_intents}: one row per write in flight (image, store, instance, start and last-touch times as
 *       epoch nanoseconds), listed oldest first through {@code ix_write_intents_started}.</li>
 * </ul>
 */
final class RecoverySchema {
    private RecoverySchema() {
    }

    static List<String> steps() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS catalog_identity ("
                        + "id INT NOT NULL PRIMARY KEY, "
                        + "catalog_id VARCHAR(63) NOT NULL, "
                        + "created_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS write_intents ("
                        + "id VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + "image_id VARCHAR(255) NOT NULL, "
                        + "store_id VARCHAR(255) NOT NULL, "
                        + "instance VARCHAR(255) NOT NULL, "
                        + "started_at BIGINT NOT NULL, "
                        + "touched_at BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS ix_write_intents_started ON write_intents (started_at, id)");
    }
}
