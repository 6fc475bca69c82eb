package dev.imagecatalog.server.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times as every Glance answer writes them ({@code glance.common.timeutils.isotime}): UTC, whole seconds, {@code Z}. */
final class GlanceTime {
    private static final DateTimeFormatter ISOTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private GlanceTime() {
    }

    /** {@return the instant as {@code YYYY-MM-DDTHH:MM:SSZ}; null stays null} */
    static String format(Instant t) {
        return t == null ? null : ISOTIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
