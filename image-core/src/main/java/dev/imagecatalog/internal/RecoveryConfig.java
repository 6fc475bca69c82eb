package dev.imagecatalog.internal;

import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The settings of recovery and write intents, validated once at build time.
 *
 * @param catalogId       {@code catalog.id} if given (else the metadata back-end's stored id is used)
 * @param instance        {@code catalog.instance}: names this catalog object in the write intents it records
 * @param orphanGrace     {@code recovery.orphan-grace}: an intent not touched for this long belongs to a dead writer
 * @param intentHeartbeat {@code recovery.intent-heartbeat}: how often this catalog touches its intents in flight
 */
record RecoveryConfig(Optional<String> catalogId, String instance, Duration orphanGrace, Duration intentHeartbeat) {

    static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(1);
    private static final int MAX_INSTANCE_LENGTH = 255;

    static RecoveryConfig from(Settings s) {
        Optional<String> id = s.get("catalog.id").map(String::trim);
        if (id.isPresent() && !StoreContext.validCatalogId(id.get())) {
            throw s.bad("catalog.id", id.get(), "lower-case letters, digits and '-', 1 to 63 characters, not "
                    + "starting with '-'");
        }
        String instance = s.get("catalog.instance").map(String::trim).orElseGet(() -> UUID.randomUUID().toString());
        if (instance.isEmpty() || instance.length() > MAX_INSTANCE_LENGTH
                || instance.chars().anyMatch(Character::isISOControl)) {
            throw s.bad("catalog.instance", instance, "1 to " + MAX_INSTANCE_LENGTH
                    + " characters without control characters");
        }
        Duration grace = s.getDuration("recovery.orphan-grace", DEFAULT_GRACE);
        if (grace.isNegative() || grace.isZero()) {
            throw s.bad("recovery.orphan-grace", s.get("recovery.orphan-grace").orElse(""), "a positive duration");
        }
        Duration heartbeat = s.getDuration("recovery.intent-heartbeat", DEFAULT_HEARTBEAT);
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.multipliedBy(2).compareTo(grace) >= 0) {
            throw s.bad("recovery.intent-heartbeat", s.get("recovery.intent-heartbeat").orElse(heartbeat.toString()),
                    "a positive duration less than half of recovery.orphan-grace (" + grace + ")");
        }
        return new RecoveryConfig(id, instance, grace, heartbeat);
    }
}
