package dev.imagecatalog.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the real servers and data sets they need. Values come from environment variables (set by
 * {@code scripts/test}) or system properties of the same name. When one is missing, a test is skipped on a
 * developer's machine, but fails when {@code CI=true}: an integration test never skips silently in CI.
 *
 * <p>Names: {@code IMAGECATALOG_PG_URL}, {@code IMAGECATALOG_PG_USER}, {@code IMAGECATALOG_PG_PASSWORD};
 * {@code IMAGECATALOG_S3PROXY_ENDPOINT}, {@code IMAGECATALOG_S3PROXY_ACCESS_KEY},
 * {@code IMAGECATALOG_S3PROXY_SECRET_KEY}; {@code IMAGECATALOG_SWIFT_AUTH_URL}, {@code IMAGECATALOG_SWIFT_USER},
 * {@code IMAGECATALOG_SWIFT_KEY}, {@code IMAGECATALOG_SWIFT_S3_ENDPOINT}; {@code IMAGECATALOG_KEYSTONE_URL} and
 * friends; {@code IMAGECATALOG_GLANCE_METADEFS} (a folder of Glance metadefs JSON files).
 */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    /** True when running in CI ({@code CI=true}). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The value, or empty. */
    public static Optional<String> optional(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The value; when missing, fails the test in CI and skips it elsewhere, naming the variable and what
     * provides it.
     */
    public static String require(String name, String whatProvidesIt) {
        Optional<String> v = optional(name);
        if (v.isPresent()) {
            return v.get();
        }
        String message = name + " is not set: " + whatProvidesIt;
        if (inCi()) {
            fail(message + " (CI=true: integration tests must not skip)");
        }
        Assumptions.abort(message);
        return null;
    }

    /** Same rule for a condition such as "the metadefs folder exists". */
    public static void requireThat(boolean condition, String message) {
        if (condition) {
            return;
        }
        if (inCi()) {
            fail(message + " (CI=true: integration tests must not skip)");
        }
        Assumptions.abort(message);
    }
}
