package dev.imagecatalog.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keystone's verdicts on tokens, kept so that a busy caller does not cost a Keystone call per request, as
 * keystonemiddleware's token cache does: a valid token for at most the TTL and never past its {@code expires_at};
 * a token Keystone refused for the TTL too (it never becomes valid again). At most {@code size} entries, the least
 * useful evicted first. Entries are keyed by the token's SHA-256, so the cache holds no bearer token.
 *
 * <p>Concurrent first requests with one token make one Keystone call (keystonemiddleware makes one each). A
 * consequence keystonemiddleware shares: a token revoked in Keystone keeps working here until its entry
 * expires (the TTL bounds that window).
 */
final class TokenCache {
    /** A refused token, as cached. */
    private static final Verdict REFUSED = new Verdict(null);

    private final Cache<String, Verdict> cache;
    private final Clock clock;

    /** Keystone's answer about one token: the token, or null when refused. */
    private record Verdict(KeystoneToken token) {
    }

    /**
     * @param size   the most entries kept; 0 keeps none
     * @param ttl    the longest an entry lives
     * @param ticker the cache's time source (nanoseconds)
     * @param clock  the time tokens' {@code expires_at} are compared with
     */
    TokenCache(long size, Duration ttl, Ticker ticker, Clock clock) {
        this.clock = clock;
        long ttlNanos = saturatedNanos(ttl);
        this.cache = Caffeine.newBuilder().maximumSize(ttlNanos == 0 ? 0 : size).ticker(ticker).executor(Runnable::run)
                .expireAfter(new Expiry<String, Verdict>() {
                    @Override
                    public long expireAfterCreate(String key, Verdict v, long now) {
                        if (v.token() == null) {
                            return ttlNanos;
                        }
                        long left = saturatedNanos(Duration.between(clock.instant(), v.token().expiresAt()));
                        return Math.max(0, Math.min(ttlNanos, left));
                    }

                    @Override
                    public long expireAfterUpdate(String key, Verdict v, long now, long remaining) {
                        return expireAfterCreate(key, v, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Verdict v, long now, long remaining) {
                        return remaining;
                    }
                }).build();
    }

    /**
     * Keystone's verdict on {@code token}, from the cache or from {@code keystone} (then cached). A token found but
     * past its {@code expires_at} is refused without asking Keystone.
     *
     * @param token    the caller's token
     * @param keystone asks Keystone: the token, or empty when refused; its exceptions propagate and nothing is cached
     * @return the valid token, or empty when refused
     */
    Optional<KeystoneToken> lookup(String token, Function<String, Optional<KeystoneToken>> keystone) {
        String key = sha256(token);
        // one Keystone call per token however many requests bring it at once: the others wait for its verdict
        Verdict cached = cache.get(key, k -> keystone.apply(token).map(Verdict::new).orElse(REFUSED));
        KeystoneToken t = cached.token();
        return t == null || !t.expiresAt().isAfter(clock.instant()) ? Optional.empty() : Optional.of(t);
    }

    /** {@return how many entries the cache holds (after pending evictions)} */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
