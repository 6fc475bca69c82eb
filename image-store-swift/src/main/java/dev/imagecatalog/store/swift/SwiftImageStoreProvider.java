package dev.imagecatalog.store.swift;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;
import java.net.URI;
import java.time.Duration;

/**
 * Provides the OpenStack Swift store, type {@code swift}. Settings (under {@code store.<id>.}) are listed in the
 * module README; the essentials:
 *
 * <ul>
 *   <li>{@code auth} = {@code tempauth} (default) | {@code password} | {@code application-credential} |
 *       {@code token}</li>
 *   <li>{@code auth-url}; {@code user} + {@code key} (TempAuth); {@code username}, {@code password},
 *       {@code project}, {@code user-domain}, {@code project-domain} (Keystone password);
 *       {@code application-credential-id} + {@code application-credential-secret}; {@code token} +
 *       {@code storage-url} (pre-issued token)</li>
 *   <li>{@code container} (default {@code glance}), {@code large-object-threshold}, {@code segment-size},
 *       {@code segments-in-flight}, {@code create-containers}, {@code multiple-containers-seed}</li>
 * </ul>
 */
public final class SwiftImageStoreProvider implements ImageStoreProvider {

    /** The store type and location scheme. */
    public static final String TYPE = "swift";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Refused: a Swift store needs the id of the catalog that owns what it writes; use {@link #create(StoreContext)}.
     */
    @Override
    public ImageStore create(String storeId, Settings s) {
        throw new UnsupportedOperationException("swift store " + storeId
                + " needs the id of its catalog: build it with create(StoreContext)");
    }

    /** Builds a store naming what it writes {@code <catalog id>/<image id>} and listing only such names. */
    @Override
    public ImageStore create(StoreContext context) {
        String storeId = context.storeId();
        Settings s = context.settings();
        String mode = s.getChoice("auth", "tempauth", "tempauth", "password", "application-credential", "token");
        String region = s.get("region").orElse(null);
        String endpointInterface = s.getChoice("interface", "public", "public", "internal", "admin");
        String serviceType = s.getString("service-type", "object-store");
        SwiftAuth auth;
        switch (mode) {
            case "tempauth":
                auth = new SwiftAuth.TempAuth(uri(s, "auth-url"), s.require("user"), s.require("key"));
                break;
            case "password":
                auth = SwiftAuth.KeystoneAuth.password(uri(s, "auth-url").toString(), s.require("username"),
                        s.getString("user-domain", "Default"), s.require("password"), s.require("project"),
                        s.getString("project-domain", "Default"), serviceType, region, endpointInterface);
                break;
            case "application-credential":
                auth = SwiftAuth.KeystoneAuth.applicationCredential(uri(s, "auth-url").toString(),
                        s.require("application-credential-id"), s.require("application-credential-secret"),
                        serviceType, region, endpointInterface);
                break;
            default:
                auth = new SwiftAuth.PreIssuedToken(s.require("token"), uri(s, "storage-url").toString());
                break;
        }
        long segmentSize = s.getBytes("segment-size", 64L << 20);
        if (segmentSize < 1 || segmentSize > Integer.MAX_VALUE - 64) {
            throw s.bad("segment-size", s.get("segment-size").orElse(""), "a size between 1 B and 2 GiB");
        }
        long threshold = s.getBytes("large-object-threshold", segmentSize);
        if (threshold < 0 || threshold > segmentSize) {
            throw s.bad("large-object-threshold", s.get("large-object-threshold").orElse(""),
                    "a size no larger than segment-size (" + segmentSize + " bytes): a single PUT is buffered whole");
        }
        int inFlight = s.getInt("segments-in-flight", 4);
        if (inFlight < 1 || inFlight > 64) {
            throw s.bad("segments-in-flight", Integer.toString(inFlight), "an integer between 1 and 64");
        }
        int seed = s.getInt("multiple-containers-seed", 0);
        if (seed < 0 || seed > 32) {
            throw s.bad("multiple-containers-seed", Integer.toString(seed), "an integer between 0 and 32");
        }
        String container = s.getString("container", "glance");
        if (container.contains("/")) {
            throw s.bad("container", container, "a container name without '/'");
        }
        SwiftImageStore.Config config = new SwiftImageStore.Config(
                container,
                s.getString("segments-container", container + "_segments"),
                seed,
                s.getBoolean("create-containers", false),
                threshold,
                (int) segmentSize,
                inFlight,
                s.getInt("download-retries", 3),
                s.getDuration("token-refresh-margin", Duration.ofSeconds(60)),
                s.getDuration("request-timeout", Duration.ofMinutes(5)),
                s.getDuration("connect-timeout", Duration.ofSeconds(10)),
                // endpoint override: up to, not including, the container (like swift_store_endpoint)
                "token".equals(mode) ? null : s.get("storage-url").orElse(null));
        return new SwiftImageStore(storeId, context.catalogId(), auth, config);
    }

    private static URI uri(Settings s, String key) {
        String v = s.require(key);
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw s.bad(key, v, "an http or https URL");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw s.bad(key, v, "an http or https URL");
        }
    }
}
