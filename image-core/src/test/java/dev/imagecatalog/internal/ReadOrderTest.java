package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImageStores#readOrder}: weight first, then configuration order, with recently failed locations last. */
class ReadOrderTest {

    /** A clock a test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final StoreLocation a = new StoreLocation("memory", "a", "c/i/1");
    private final StoreLocation b = new StoreLocation("memory", "b", "c/i/2");
    private final StoreLocation c = new StoreLocation("memory", "c", "c/i/3");
    private final StoreLocation unknown = new StoreLocation("memory", "gone", "c/i/4");

    private ImageStores stores(int wa, int wb, int wc) {
        Map<String, ImageStore> byId = new LinkedHashMap<>();
        Map<String, ImageStores.Options> options = new LinkedHashMap<>();
        int[] weights = {wa, wb, wc};
        String[] ids = {"a", "b", "c"};
        for (int i = 0; i < ids.length; i++) {
            byId.put(ids[i], null); // readOrder never touches the stores themselves
            options.put(ids[i], new ImageStores.Options("memory", null, weights[i], false, null));
        }
        return new ImageStores(byId, options, "a", clock);
    }

    @Test
    void highestWeightFirstAndEqualWeightsKeepTheirOrder() {
        assertThat(stores(0, 0, 0).readOrder(List.of(c, a, b))).containsExactly(c, a, b);
        assertThat(stores(1, 5, 5).readOrder(List.of(a, c, b))).containsExactly(c, b, a);
        assertThat(stores(-2, 0, 0).readOrder(List.of(a, unknown, b))).containsExactly(unknown, b, a);
    }

    @Test
    void aFailedLocationIsReadLastForThirtySecondsAndACorruptOneForFifteenMinutes() {
        ImageStores s = stores(9, 5, 0);
        s.suspects().failed(a);
        s.suspects().corrupt(b);
        assertThat(s.readOrder(List.of(a, b, c))).containsExactly(c, a, b);
        clock.advance(ReadSuspects.FAILED_FOR);
        assertThat(s.readOrder(List.of(a, b, c))).containsExactly(a, c, b);
        clock.advance(ReadSuspects.CORRUPT_FOR.minus(ReadSuspects.FAILED_FOR).minusSeconds(1));
        assertThat(s.readOrder(List.of(a, b, c))).containsExactly(a, c, b);
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.readOrder(List.of(a, b, c))).containsExactly(a, b, c);
    }

    @Test
    void aShortSuspicionNeverShortensALongerOne() {
        ImageStores s = stores(0, 0, 0);
        s.suspects().corrupt(a);
        s.suspects().failed(a);
        clock.advance(ReadSuspects.FAILED_FOR.plusSeconds(1));
        assertThat(s.suspects().isSuspect(a)).isTrue();
        assertThat(s.suspects().isSuspect(b)).isFalse();
    }
}
