package dev.imagecatalog.store.s3;

import java.util.Collections;
import java.util.TreeMap;
import java.util.Map;
import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated settings of one S3 store (everything under {@code store.<id>.}). Built once, immutable; every
 * error names the key as written in the configuration.
 */
final class S3StoreConfig {
    static final long MIB = 1L << 20;
    /** S3's smallest part (all but the last). */
    static final long MIN_PART_SIZE = 5 * MIB;
    /** S3's largest part. Our part buffers are Java arrays, so the practical cap is lower. */
    static final long MAX_PART_SIZE = 1L << 30;
    /** S3's part-count limit. */
    static final int MAX_PARTS = 10_000;
    /** S3's largest object: 5 TiB. */
    static final long MAX_OBJECT_SIZE = 5L << 40;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
    private static final Duration ONE_MS = Duration.ofMillis(1);

    static final Setting<URI> ENDPOINT = Setting.of("endpoint", "URL", S3StoreConfig::endpoint);
    static final Setting<String> REGION = Setting.of("region", "region name", v -> {
        if (!v.matches("[a-z0-9\\-]+")) {
            throw new IllegalArgumentException("a region name such as us-east-1");
        }
        return v;
    }).defaultValue("us-east-1");
    static final Setting<String> BUCKET_NAME = Setting.of("bucket", "bucket name", v -> {
        if (!BUCKET.matcher(v).matches() || v.contains("..")) {
            throw new IllegalArgumentException("a bucket name of 3-63 lower-case letters, digits, '.' and '-'");
        }
        return v;
    }).required();
    static final Setting<String> PREFIX = Setting.of("prefix", "key prefix", v -> {
        if (v.startsWith("/") || v.contains("//")) {
            throw new IllegalArgumentException("a key prefix that neither starts with '/' nor contains '//'");
        }
        return v.endsWith("/") ? v : v + "/";
    });
    static final Setting<Boolean> PATH_STYLE = Setting.bool("path-style").defaultValue(false);
    static final Setting<String> ACCESS_KEY = Setting.string("access-key");
    static final Setting<String> SECRET_KEY = Setting.string("secret-key").secret();
    static final Setting<Boolean> CREATE_BUCKET = Setting.bool("create-bucket").defaultValue(false);
    static final Setting<Long> PART_SIZE = Setting.size("part-size").range(MIN_PART_SIZE, MAX_PART_SIZE)
            .defaultValue(16 * MIB);
    static final Setting<Long> MULTIPART_THRESHOLD = Setting.size("multipart-threshold").atLeast(0L);
    static final Setting<Integer> PARTS_IN_FLIGHT = Setting.integer("parts-in-flight").range(1, 64).defaultValue(4);
    static final Setting<Boolean> CHUNKED_ENCODING = Setting.bool("chunked-encoding").defaultValue(true);
    static final Setting<Boolean> CONTENT_MD5 = Setting.bool("content-md5").defaultValue(false);
    static final Setting<String> CHECKSUM_MODE = Setting.choice("checksum-mode", "when_supported", "when_required")
            .defaultValue("when_supported");
    static final Setting<Integer> MAX_ATTEMPTS = Setting.integer("max-attempts").range(1, 20).defaultValue(4);
    static final Setting<Integer> READ_ATTEMPTS = Setting.integer("read-attempts").range(1, 50).defaultValue(5);
    static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("max-connections").atLeast(1);
    static final Setting<Duration> CONNECTION_TIMEOUT = Setting.duration("connection-timeout").atLeast(ONE_MS)
            .defaultValue(Duration.ofSeconds(10));
    static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration("socket-timeout").atLeast(ONE_MS)
            .defaultValue(Duration.ofSeconds(60));
    /** Every key of an S3 store; any other under {@code store.<id>.} is refused. */
    static final SettingsSpec SPEC = SettingsSpec.of("s3 store", Setting.PLUGIN_TYPE, ENDPOINT, REGION, BUCKET_NAME,
            PREFIX, PATH_STYLE, ACCESS_KEY, SECRET_KEY, CREATE_BUCKET, MULTIPART_THRESHOLD, PART_SIZE,
            PARTS_IN_FLIGHT, CHUNKED_ENCODING, CONTENT_MD5, CHECKSUM_MODE, MAX_ATTEMPTS, READ_ATTEMPTS,
            MAX_CONNECTIONS, CONNECTION_TIMEOUT, SOCKET_TIMEOUT);

    final Optional<URI> endpoint;
    final String region;
    final String bucket;
    final String prefix;
    final boolean pathStyle;
    final Optional<String> accessKey;
    final Optional<String> secretKey;
    final boolean createBucket;
    final long multipartThreshold;
    final int partSize;
    final int partsInFlight;
    final boolean chunkedEncoding;
    final boolean contentMd5;
    final boolean checksumWhenSupported;
    final int maxAttempts;
    final int readAttempts;
    final int maxConnections;
    final Duration connectionTimeout;
    final Duration socketTimeout;

    S3StoreConfig(Settings given) {
        Settings s = SPEC.check(given);
        endpoint = s.optional(ENDPOINT);
        region = s.value(REGION);
        bucket = s.value(BUCKET_NAME);
        prefix = s.optional(PREFIX).orElse("");
        pathStyle = s.value(PATH_STYLE);
        accessKey = s.optional(ACCESS_KEY);
        secretKey = s.optional(SECRET_KEY);
        if (accessKey.isPresent() != secretKey.isPresent()) {
            String missing = accessKey.isPresent() ? "secret-key" : "access-key";
            throw s.bad(missing, "", "set together with " + (accessKey.isPresent() ? "access-key" : "secret-key")
                    + " (or neither, for the SDK's default credentials chain)");
        }
        createBucket = s.value(CREATE_BUCKET);
        partSize = (int) (long) s.value(PART_SIZE);
        multipartThreshold = s.optional(MULTIPART_THRESHOLD).orElse((long) partSize);
        if (multipartThreshold > partSize) {
            throw s.bad(MULTIPART_THRESHOLD, "a size no larger than part-size (" + partSize
                    + " B): the single PUT is sent from one part buffer");
        }
        partsInFlight = s.value(PARTS_IN_FLIGHT);
        chunkedEncoding = s.value(CHUNKED_ENCODING);
        contentMd5 = s.value(CONTENT_MD5);
        checksumWhenSupported = "when_supported".equals(s.value(CHECKSUM_MODE));
        maxAttempts = s.value(MAX_ATTEMPTS);
        readAttempts = s.value(READ_ATTEMPTS);
        maxConnections = s.optional(MAX_CONNECTIONS).orElse(Math.max(50, 2 * partsInFlight));
        connectionTimeout = s.value(CONNECTION_TIMEOUT);
        socketTimeout = s.value(SOCKET_TIMEOUT);
    }

    /** The largest object an upload of unknown length can reach: 10,000 parts of part-size. */
    long largestUnknownLengthObject() {
        return (long) MAX_PARTS * partSize;
    }

    private static URI endpoint(String v) {
        String withScheme = v.contains("://") ? v : "https://" + v;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a URL such as https://s3.example.com or http://127.0.0.1:8081");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("an https:// (or explicitly http://) URL with a host");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            throw new IllegalArgumentException("a URL without user info or query (credentials go in "
                    + "access-key/secret-key)");
        }
        return uri;
    }

    /**
     * The settings an administrator may see, as in effect (sizes in bytes): {@code endpoint} (when set),
     * {@code region}, {@code bucket}, {@code prefix} (when set), {@code path-style}, {@code part-size},
     * {@code multipart-threshold}, {@code parts-in-flight}. Never {@code access-key} or {@code secret-key}.
     */
    Map<String, String> properties() {
        Map<String, String> p = new TreeMap<>();
        endpoint.ifPresent(e -> p.put(ENDPOINT.key(), e.toString()));
        p.put(REGION.key(), region);
        p.put(BUCKET_NAME.key(), bucket);
        if (!prefix.isEmpty()) {
            p.put(PREFIX.key(), prefix);
        }
        p.put(PATH_STYLE.key(), Boolean.toString(pathStyle));
        p.put(PART_SIZE.key(), Integer.toString(partSize));
        p.put(MULTIPART_THRESHOLD.key(), Long.toString(multipartThreshold));
        p.put(PARTS_IN_FLIGHT.key(), Integer.toString(partsInFlight));
        return Collections.unmodifiableMap(p);
    }
}
