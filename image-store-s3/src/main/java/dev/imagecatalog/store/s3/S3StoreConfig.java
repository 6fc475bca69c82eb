package dev.imagecatalog.store.s3;

import dev.imagecatalog.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    private static final Set<String> KEYS = Set.of("type", "endpoint", "region", "bucket", "prefix", "path-style",
            "access-key", "secret-key", "create-bucket", "multipart-threshold", "part-size", "parts-in-flight",
            "chunked-encoding", "content-md5", "checksum-mode", "max-attempts", "read-attempts",
            "max-connections", "connection-timeout", "socket-timeout");

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

    S3StoreConfig(Settings s) {
        Set<String> unknown = new TreeSet<>(s.keys());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            String k = unknown.iterator().next();
            throw s.bad(k, s.getString(k, ""), "no such setting (known: " + new TreeSet<>(KEYS) + ")");
        }
        endpoint = s.get("endpoint").map(v -> endpoint(s, v));
        region = s.getString("region", "us-east-1");
        if (!region.matches("[a-z0-9\\-]+")) {
            throw s.bad("region", region, "a region name such as us-east-1");
        }
        bucket = s.require("bucket");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw s.bad("bucket", bucket, "a bucket name of 3-63 lower-case letters, digits, '.' and '-'");
        }
        String p = s.getString("prefix", "");
        if (p.startsWith("/") || p.contains("//")) {
            throw s.bad("prefix", p, "a key prefix that neither starts with '/' nor contains '//'");
        }
        prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        pathStyle = s.getBoolean("path-style", false);
        accessKey = s.get("access-key");
        secretKey = s.get("secret-key");
        if (accessKey.isPresent() != secretKey.isPresent()) {
            String missing = accessKey.isPresent() ? "secret-key" : "access-key";
            throw s.bad(missing, "", "set together with " + (accessKey.isPresent() ? "access-key" : "secret-key")
                    + " (or neither, for the SDK's default credentials chain)");
        }
        createBucket = s.getBoolean("create-bucket", false);
        long part = s.getBytes("part-size", 16 * MIB);
        if (part < MIN_PART_SIZE || part > MAX_PART_SIZE) {
            throw s.bad("part-size", s.getString("part-size", ""), "a size between 5MiB and 1GiB");
        }
        partSize = (int) part;
        multipartThreshold = s.getBytes("multipart-threshold", partSize);
        if (multipartThreshold > partSize) {
            throw s.bad("multipart-threshold", s.getString("multipart-threshold", ""),
                    "a size no larger than part-size (" + partSize + " B): the single PUT is sent from one part buffer");
        }
        partsInFlight = s.getInt("parts-in-flight", 4);
        if (partsInFlight < 1 || partsInFlight > 64) {
            throw s.bad("parts-in-flight", Integer.toString(partsInFlight), "an integer from 1 to 64");
        }
        chunkedEncoding = s.getBoolean("chunked-encoding", true);
        contentMd5 = s.getBoolean("content-md5", false);
        checksumWhenSupported = "when_supported".equals(
                s.getChoice("checksum-mode", "when_supported", "when_supported", "when_required"));
        maxAttempts = s.getInt("max-attempts", 4);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw s.bad("max-attempts", Integer.toString(maxAttempts), "an integer from 1 to 20");
        }
        readAttempts = s.getInt("read-attempts", 5);
        if (readAttempts < 1 || readAttempts > 50) {
            throw s.bad("read-attempts", Integer.toString(readAttempts), "an integer from 1 to 50");
        }
        maxConnections = s.getInt("max-connections", Math.max(50, 2 * partsInFlight));
        if (maxConnections < 1) {
            throw s.bad("max-connections", Integer.toString(maxConnections), "a positive integer");
        }
        connectionTimeout = positive(s, "connection-timeout", Duration.ofSeconds(10));
        socketTimeout = positive(s, "socket-timeout", Duration.ofSeconds(60));
    }

    /** The largest object an upload of unknown length can reach: 10,000 parts of part-size. */
    long largestUnknownLengthObject() {
        return (long) MAX_PARTS * partSize;
    }

    private static Duration positive(Settings s, String key, Duration def) {
        Duration d = s.getDuration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw s.bad(key, d.toString(), "a positive duration");
        }
        return d;
    }

    private static URI endpoint(Settings s, String v) {
        String withScheme = v.contains("://") ? v : "https://" + v;
        URI uri;
        try {
            uri = URI.create(withScheme);
        } catch (IllegalArgumentException e) {
            throw s.bad("endpoint", v, "a URL such as https://s3.example.com or http://127.0.0.1:8081");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw s.bad("endpoint", v, "an https:// (or explicitly http://) URL with a host");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            throw s.bad("endpoint", v, "a URL without user info or query (credentials go in access-key/secret-key)");
        }
        return uri;
    }
}
