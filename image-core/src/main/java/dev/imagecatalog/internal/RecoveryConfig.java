package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
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

    /** The values of {@code s}, which {@link CoreSettings#check} has checked key by key; here the rule across keys. */
    static RecoveryConfig from(Settings s) {
        Optional<String> id = s.optional(CoreSettings.CATALOG_ID);
        String instance = s.optional(CoreSettings.CATALOG_INSTANCE).orElseGet(() -> UUID.randomUUID().toString());
        Duration grace = s.value(CoreSettings.ORPHAN_GRACE);
        Duration heartbeat = s.value(CoreSettings.INTENT_HEARTBEAT);
        if (heartbeat.multipliedBy(2).compareTo(grace) >= 0) {
            throw s.bad("recovery.intent-heartbeat", s.get("recovery.intent-heartbeat").orElse(heartbeat.toString()),
                    "a positive duration less than half of recovery.orphan-grace (" + grace + ")");
        }
        return new RecoveryConfig(id, instance, grace, heartbeat);
    }
}
