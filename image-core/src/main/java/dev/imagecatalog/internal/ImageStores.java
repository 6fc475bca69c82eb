package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured stores by id with what core knows of each (type, description, weight, read-only): where uploads and
 * copies may go, the order locations are read in, the stores' info, and removing bytes quietly.
 */
final class ImageStores {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStores.class);

    /**
     * What core reads of {@code store.<id>.*} itself.
     *
     * @param type        {@code store.<id>.type}
     * @param description {@code store.<id>.description}, or null
     * @param weight      {@code store.<id>.weight}
     * @param readOnly    {@code store.<id>.read-only}
     * @param local       {@code store.<id>.local}, or null for the store's own {@link ImageStore#isLocal()}
     */
    record Options(String type, String description, int weight, boolean readOnly, Boolean local) {

        /** Reads the options from a store's scoped settings ({@code store.<id>.}). */
        static Options from(Settings storeSettings) {
            return new Options(storeSettings.require("type"),
                    storeSettings.optional(CoreSettings.STORE_DESCRIPTION).orElse(null),
                    storeSettings.value(CoreSettings.STORE_WEIGHT), storeSettings.value(CoreSettings.STORE_READ_ONLY),
                    storeSettings.optional(CoreSettings.STORE_LOCAL).orElse(null));
        }

        /** Options for a store built by hand (tests): no description, weight 0, writable. */
        static Options plain(String type) {
            return new Options(type, null, 0, false, null);
        }
    }

    private final Map<String, ImageStore> byId;
    private final Map<String, Options> options;
    private final ImageStore defaultStore;
    private final String defaultId;
    private final ReadSuspects suspects;

    /** {@code byId} and {@code options} in configuration order, with the same keys; {@code defaultId} one of them. */
    ImageStores(Map<String, ImageStore> byId, Map<String, Options> options, String defaultId) {
        this(byId, options, defaultId, Clock.systemUTC());
    }

    /** As above, with the clock that ends a location's {@linkplain #suspects() suspicion}. */
    ImageStores(Map<String, ImageStore> byId, Map<String, Options> options, String defaultId, Clock clock) {
        this.byId = Collections.unmodifiableMap(byId);
        this.options = Map.copyOf(options);
        this.defaultStore = byId.get(defaultId);
        this.defaultId = defaultId;
        this.suspects = new ReadSuspects(clock);
    }

    /** The id of the store uploads go to when they name none. */
    String defaultId() {
        return defaultId;
    }

    /** Every store by id, in configuration order (unmodifiable). */
    Map<String, ImageStore> all() {
        return byId;
    }

    /** The store with this id, or null if the catalog does not configure it. */
    ImageStore get(String id) {
        return byId.get(id);
    }

    /** Whether the store only serves reads: its {@code read-only} setting, or a type that cannot write. */
    boolean isReadOnly(String id) {
        ImageStore s = byId.get(id);
        return s != null && (options.get(id).readOnly() || !s.canWrite());
    }

    /**
     * Whether the store is on this host, so the image cache never holds its images: {@code store.<id>.local}, else
     * the store's {@link ImageStore#isLocal()}. An unknown store is not local.
     */
    boolean isLocal(String id) {
        ImageStore s = byId.get(id);
        if (s == null) {
            return false;
        }
        Boolean set = options.get(id).local();
        return set != null ? set : s.isLocal();
    }

    /** The store's read preference (0 for an unknown store). */
    int weight(String id) {
        Options o = options.get(id);
        return o == null ? 0 : o.weight();
    }

    /** The store an upload asks for ({@code null}: the default); an unknown id is invalid input, a read-only one forbidden. */
    ImageStore forUpload(String id) {
        return forWrite(id == null ? defaultId : id);
    }

    /** A store data may be written to: configured (else invalid input) and not read-only (else forbidden). */
    ImageStore forWrite(String id) {
        ImageStore s = byId.get(id);
        if (s == null) {
            throw new InvalidInputException("unknown store '" + id + "': configured stores are " + byId.keySet());
        }
        if (isReadOnly(id)) {
            throw new ForbiddenException("store '" + id + "' is read-only");
        }
        return s;
    }

    /**
     * {@code locations} in read order: store weight, highest first; equal weights keep their order; a location that
     * recently failed to read ({@link #suspects()}) goes after all the others, in the same order among themselves.
     */
    List<StoreLocation> readOrder(List<StoreLocation> locations) {
        List<StoreLocation> sorted = new ArrayList<>(locations);
        sorted.sort(Comparator.comparing(suspects::isSuspect)
                .thenComparing(Comparator.comparingInt((StoreLocation l) -> weight(l.storeId())).reversed()));
        return sorted;
    }

    /** The locations this catalog recently failed to read. */
    ReadSuspects suspects() {
        return suspects;
    }

    /** The stores' info in configuration order; with {@code detail} their type, weight and properties too. */
    List<StoreInfo> info(boolean detail) {
        List<StoreInfo> out = new ArrayList<>();
        for (Map.Entry<String, ImageStore> e : byId.entrySet()) {
            Options o = options.get(e.getKey());
            out.add(new StoreInfo(e.getKey(), o.description(), e.getKey().equals(defaultId), isReadOnly(e.getKey()),
                    detail ? o.type() : null, detail ? o.weight() : 0,
                    detail ? e.getValue().properties() : Map.of()));
        }
        return out;
    }

    /** Deletes the bytes at {@code loc}; failures are logged (the orphan sweep gets another chance). */
    void deleteQuietly(StoreLocation loc) {
        ImageStore s = byId.get(loc.storeId());
        if (s == null) {
            LOG.warn("cannot delete {}: store '{}' is not configured", loc, loc.storeId());
            return;
        }
        try {
            s.delete(loc);
        } catch (IOException | RuntimeException e) {
            LOG.warn("deleting {} failed; the orphan sweep will retry", loc, e);
        }
    }
}
