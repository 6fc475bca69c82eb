package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreLocation;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A location as a caller gives it, checked for form (400) before any rule looks at the image: the URL resolved to
 * a configured store's location ({@link LocationReader#resolve}), the validation data's digests and algorithm, and
 * the JSON form of the {@code /locations} patch paths ({@code {"url", "metadata", "validation_data"}}).
 */
final class LocationInput {
    private static final Set<String> ENTRY_KEYS = Set.of("url", "metadata", "validation_data");
    private static final Set<String> VALIDATION_KEYS = Set.of("checksum", "os_hash_algo", "os_hash_value");
    private static final int MD5_HEX_LENGTH = 32;

    private final LocationReader reader;
    private final CatalogConfig config;

    LocationInput(LocationReader reader, CatalogConfig config) {
        this.reader = reader;
        this.config = config;
    }

    /** The location {@code url} names (400 if no store knows it). */
    StoreLocation resolve(String url) {
        return reader.resolve(url);
    }

    /** The form of validation data (400): an MD5 checksum, the catalog's multihash algorithm with its value. */
    LocationValidation checkShape(LocationValidation v) {
        if (v == null) {
            return LocationValidation.NONE;
        }
        if (v.checksum() != null) {
            checkHex("checksum", v.checksum(), MD5_HEX_LENGTH);
        }
        if ((v.osHashAlgo() == null) != (v.osHashValue() == null)) {
            throw new InvalidInputException("invalid validation data: os_hash_algo and os_hash_value go together");
        }
        if (v.osHashAlgo() != null) {
            if (!v.osHashAlgo().equalsIgnoreCase(config.hashAlgo())) {
                throw new InvalidInputException("invalid validation data: os_hash_algo must be " + config.hashAlgo()
                        + ", not " + InputLimits.shown(v.osHashAlgo()));
            }
            checkHex("os_hash_value", v.osHashValue(), reader.hashHexLength());
        }
        return v;
    }

    private static void checkHex(String field, String value, int length) {
        boolean hex = value.length() == length && value.chars().allMatch(HexFormat::isHexDigit);
        if (!hex) {
            throw new InvalidInputException("invalid validation data: " + field + " must be " + length
                    + " hexadecimal digits, not '" + InputLimits.shown(value) + "'");
        }
    }

    /** One location of a patch: where it is and what it is claimed to be. */
    record Entry(StoreLocation location, LocationValidation validation) {
    }

    /**
     * {@code {"url", "metadata", "validation_data"}} as the patch paths give it. Locations keep no metadata, so
     * {@code metadata} may only name the location's store ({@code {"store": id}}, what Glance puts there).
     */
    Entry entry(Object value) {
        if (!(value instanceof Map)) {
            throw new InvalidInputException("invalid location: an object with 'url' is expected");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        for (Object key : m.keySet()) {
            if (!ENTRY_KEYS.contains(key)) {
                throw new InvalidInputException("invalid location: unknown member '" + key + "' (expected "
                        + "url, metadata, validation_data)");
            }
        }
        if (!(m.get("url") instanceof String)) {
            throw new InvalidInputException("invalid location: 'url' must be a string");
        }
        StoreLocation loc = reader.resolve((String) m.get("url"));
        Object metadata = m.get("metadata");
        if (metadata != null) {
            if (!(metadata instanceof Map)) {
                throw new InvalidInputException("invalid location: 'metadata' must be an object");
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) metadata).entrySet()) {
                if (!e.getKey().equals("store") || !loc.storeId().equals(e.getValue())) {
                    throw new InvalidInputException("invalid location metadata: locations keep none; 'store' may "
                            + "name the location's store ('" + loc.storeId() + "')");
                }
            }
        }
        return new Entry(loc, checkShape(validation(m.get("validation_data"))));
    }

    private static LocationValidation validation(Object value) {
        if (value == null) {
            return LocationValidation.NONE;
        }
        if (!(value instanceof Map)) {
            throw new InvalidInputException("invalid location: 'validation_data' must be an object");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!VALIDATION_KEYS.contains(e.getKey()) || !(e.getValue() instanceof String)) {
                throw new InvalidInputException("invalid validation data: '" + e.getKey() + "' (expected string "
                        + "values of checksum, os_hash_algo, os_hash_value)");
            }
        }
        return new LocationValidation((String) m.get("checksum"), (String) m.get("os_hash_algo"),
                (String) m.get("os_hash_value"));
    }
}
