package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.imagecatalog.error.BackendUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cache of Keystone's verdicts, on a test clock: its TTL, a token's expires_at, refusals, failures, its bound. */
class KeystoneTokenCacheTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** One time source for the cache's ticker and for the clock tokens' expiry is compared with. */
    static final class TestTime extends Clock implements Ticker {
        private final AtomicLong nanos = new AtomicLong();
        private final Instant start;

        TestTime() {
            this(START);
        }

        TestTime(Instant start) {
            this.start = start;
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        @Override
        public long read() {
            return nanos.get();
        }

        @Override
        public Instant instant() {
            return start.plusNanos(nanos.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestTime time = new TestTime();
    private final AtomicInteger keystoneCalls = new AtomicInteger();

    private Function<String, Optional<KeystoneToken>> keystone(Optional<KeystoneToken> answer) {
        return t -> {
            keystoneCalls.incrementAndGet();
            return answer;
        };
    }

    private static KeystoneToken expiringAt(Instant at) {
        return new KeystoneToken("user", "project", Set.of("member"), at);
    }

    @Test
    void concurrentFirstLookupsOfOneTokenMakeOneKeystoneCall() throws Exception {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        Function<String, Optional<KeystoneToken>> slowKeystone = t -> {
            keystoneCalls.incrementAndGet();
            asked.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Optional.of(expiringAt(START.plus(Duration.ofHours(1))));
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Optional<KeystoneToken>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.lookup("tok", slowKeystone)));
            }
            asked.await();
            Thread.sleep(100); // let the other seven arrive while the first is still asking
            answer.countDown();
            for (var r : results) {
                assertThat(r.get()).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keystoneCalls.get()).isEqualTo(1);
    }

    @Test
    void aValidTokenIsAskedOnceThenServedFromTheCacheUntilTheTtl() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        var answer = keystone(Optional.of(expiringAt(START.plus(Duration.ofHours(1)))));
        for (int i = 0; i < 5; i++) {
            assertThat(cache.lookup("tok", answer)).isPresent();
            time.advance(Duration.ofSeconds(59));
        }
        assertThat(keystoneCalls).hasValue(1);
        time.advance(Duration.ofSeconds(6)); // 301 s after the first call
        assertThat(cache.lookup("tok", answer)).isPresent();
        assertThat(keystoneCalls).hasValue(2);
    }

    @Test
    void anEntryNeverOutlivesTheTokensExpiry() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        AtomicInteger calls = new AtomicInteger();
        Function<String, Optional<KeystoneToken>> keystone = t -> {
            // Keystone accepts the token while it lives, refuses it after
            calls.incrementAndGet();
            return time.instant().isBefore(START.plusSeconds(10))
                    ? Optional.of(expiringAt(START.plusSeconds(10))) : Optional.empty();
        };
        assertThat(cache.lookup("tok", keystone)).isPresent();
        time.advance(Duration.ofSeconds(9));
        assertThat(cache.lookup("tok", keystone)).isPresent();
        assertThat(calls).hasValue(1);
        time.advance(Duration.ofSeconds(1)); // expires_at reached, TTL far from over
        assertThat(cache.lookup("tok", keystone)).isEmpty();
        assertThat(calls).as("the expired entry is gone, Keystone is asked again").hasValue(2);
    }

    @Test
    void aTokenKeystoneCallsValidButAlreadyExpiredIsRefused() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        assertThat(cache.lookup("tok", keystone(Optional.of(expiringAt(START.minusSeconds(1)))))).isEmpty();
        assertThat(cache.lookup("tok", keystone(Optional.of(expiringAt(START))))).isEmpty();
    }

    @Test
    void aRefusedTokenIsCachedForTheTtlAsKeystonemiddlewareDoes() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(30), time, time);
        var refuse = keystone(Optional.empty());
        assertThat(cache.lookup("bad", refuse)).isEmpty();
        time.advance(Duration.ofSeconds(29));
        assertThat(cache.lookup("bad", refuse)).isEmpty();
        assertThat(keystoneCalls).hasValue(1);
        time.advance(Duration.ofSeconds(2));
        assertThat(cache.lookup("bad", refuse)).isEmpty();
        assertThat(keystoneCalls).hasValue(2);
    }

    @Test
    void keystoneFailingCachesNothing() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        Function<String, Optional<KeystoneToken>> down = t -> {
            keystoneCalls.incrementAndGet();
            throw new BackendUnavailableException("down");
        };
        assertThatThrownBy(() -> cache.lookup("tok", down)).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> cache.lookup("tok", down)).isInstanceOf(BackendUnavailableException.class);
        assertThat(keystoneCalls).hasValue(2);
        assertThat(cache.size()).isZero();
        assertThat(cache.lookup("tok", keystone(Optional.of(expiringAt(START.plusSeconds(60)))))).isPresent();
    }

    @Test
    void theCacheIsBounded() {
        TokenCache cache = new TokenCache(50, Duration.ofSeconds(300), time, time);
        var answer = keystone(Optional.of(expiringAt(START.plus(Duration.ofHours(1)))));
        for (int i = 0; i < 1_000; i++) {
            assertThat(cache.lookup("tok-" + i, answer)).isPresent();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
        assertThat(keystoneCalls).hasValue(1_000);
    }

    @Test
    void sizeZeroOrTtlZeroCachesNothing() {
        var answer = keystone(Optional.of(expiringAt(START.plus(Duration.ofHours(1)))));
        TokenCache noSize = new TokenCache(0, Duration.ofSeconds(300), time, time);
        TokenCache noTtl = new TokenCache(100, Duration.ZERO, time, time);
        for (int i = 0; i < 3; i++) {
            assertThat(noSize.lookup("tok", answer)).isPresent();
            assertThat(noTtl.lookup("tok", answer)).isPresent();
        }
        assertThat(keystoneCalls).hasValue(6);
    }

    @Test
    void differentTokensHaveDifferentEntries() {
        TokenCache cache = new TokenCache(100, Duration.ofSeconds(300), time, time);
        assertThat(cache.lookup("a", keystone(Optional.of(expiringAt(START.plusSeconds(60)))))).isPresent();
        assertThat(cache.lookup("b", keystone(Optional.empty()))).isEmpty();
        assertThat(cache.lookup("a", keystone(Optional.empty()))).isPresent();
        assertThat(keystoneCalls).hasValue(2);
    }
}
