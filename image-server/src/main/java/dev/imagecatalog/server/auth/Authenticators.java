package dev.imagecatalog.server.auth;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.server.http.Authenticator;

/** Builds the authenticator {@code server.auth} names. */
public final class Authenticators {
    private Authenticators() {
    }

    /**
     * @param server the {@code server.*} settings (prefix removed, already checked)
     * @return the authenticator
     */
    public static Authenticator create(Settings server) {
        String auth = server.getString("auth", "noauth");
        if ("keystone".equals(auth)) {
            throw new dev.imagecatalog.error.CatalogConfigurationException(
                    "server.auth=keystone: not available in this build");
        }
        return new NoAuthAuthenticator();
    }
}
