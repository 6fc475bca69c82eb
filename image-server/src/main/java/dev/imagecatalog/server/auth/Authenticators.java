package dev.imagecatalog.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.imagecatalog.server.http.Authenticator;
import java.time.Clock;
import java.util.function.Supplier;

/** Builds the authenticator {@code server.auth} names. */
public final class Authenticators {
    private Authenticators() {
    }

    /**
     * @param auth     {@code noauth} or {@code keystone} (already checked)
     * @param keystone the Keystone configuration, asked for only when {@code auth} is {@code keystone}
     * @return the authenticator
     * @throws dev.imagecatalog.error.CatalogConfigurationException if a Keystone setting is missing
     */
    public static Authenticator create(String auth, Supplier<KeystoneConfig> keystone) {
        if ("keystone".equals(auth)) {
            return keystone(keystone.get(), Ticker.systemTicker(), Clock.systemUTC());
        }
        return new NoAuthAuthenticator();
    }

    static KeystoneAuthenticator keystone(KeystoneConfig config, Ticker ticker, Clock clock) {
        return new KeystoneAuthenticator(new KeystoneClient(config, new ObjectMapper(), clock)::validate,
                new TokenCache(config.cacheSize(), config.cacheTtl(), ticker, clock), config.wwwAuthenticateUri());
    }
}
