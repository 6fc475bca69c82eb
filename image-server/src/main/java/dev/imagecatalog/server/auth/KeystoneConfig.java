package dev.imagecatalog.server.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code server.auth=keystone} reaches Keystone: the identity v3 endpoint, the service user the server
 * authenticates as to validate callers' tokens, and the cache of validated tokens. Built from the
 * {@code server.keystone.*} settings (declared in the server's settings).
 *
 * @param identityUrl         Keystone's v3 endpoint, ending in {@code /v3}, without a trailing slash
 * @param wwwAuthenticateUri  the {@code uri} a 401's {@code WWW-Authenticate: Keystone uri="..."} names
 * @param username            the service user's name
 * @param password            the service user's password
 * @param project             the service user's project name
 * @param userDomain          the service user's domain name
 * @param projectDomain       the service project's domain name
 * @param cacheSize           how many validated (or refused) tokens the cache keeps; 0: no cache
 * @param cacheTtl            how long a cache entry lives at most (never past the token's {@code expires_at})
 * @param timeout             connect and answer timeout of one call to Keystone
 */
public record KeystoneConfig(URI identityUrl, String wwwAuthenticateUri, String username, String password,
                             String project, String userDomain, String projectDomain, long cacheSize,
                             Duration cacheTtl, Duration timeout) {

    /** Checks the components. */
    public KeystoneConfig {
        Objects.requireNonNull(identityUrl, "identityUrl");
        Objects.requireNonNull(wwwAuthenticateUri, "wwwAuthenticateUri");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(userDomain, "userDomain");
        Objects.requireNonNull(projectDomain, "projectDomain");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(timeout, "timeout");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize < 0");
        }
    }

    /**
     * Keystone's v3 endpoint for a configured URL: {@code http://host:5000}, {@code http://host:5000/} and
     * {@code http://host:5000/v3} all name {@code http://host:5000/v3}.
     *
     * @param configured an http or https URL
     * @return the v3 endpoint, without a trailing slash
     */
    public static URI identityEndpoint(URI configured) {
        String s = configured.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s.endsWith("/v3") ? s : s + "/v3");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "KeystoneConfig{" + identityUrl + ", user " + username + "@" + userDomain + ", project " + project
                + "@" + projectDomain + ", cache " + cacheSize + " for " + cacheTtl + ", timeout " + timeout + "}";
    }
}
