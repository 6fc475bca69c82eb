package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * What a user-given location holds, asked of the stores: which configured store knows the URL
 * ({@link ImageStore#locate}), the size it reports, and the bytes' size, MD5 and multihash read once, streaming
 * through one buffer of the upload size into the digests uploads use. A URL no store knows, or whose object is
 * missing or empty, is an invalid location (400); a store that fails is unavailable (503).
 */
final class LocationReader {
    /** The bytes at a location: their size and hex digests (the catalog's multihash algorithm). */
    record Measured(long size, String md5, String hash) {
    }

    private final ImageStores stores;
    private final CatalogConfig config;

    LocationReader(ImageStores stores, CatalogConfig config) {
        this.stores = stores;
        this.config = config;
    }

    /** The location {@code url} names in a configured store (the first store that knows it). */
    StoreLocation resolve(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("Invalid location: a location needs a url");
        }
        for (ImageStore store : stores.all().values()) {
            Optional<StoreLocation> found = store.locate(url);
            if (found.isPresent() && found.get().storeId().equals(store.id())) {
                StoreLocation loc = found.get();
                if (!loc.isExternal() && hasDotSegment(loc.key())) {
                    throw new InvalidInputException("Invalid location " + InputLimits.shown(url)
                            + ": a key may not hold '.' or '..' segments");
                }
                return loc;
            }
        }
        throw new InvalidInputException("Invalid location " + InputLimits.shown(url) + ": no configured store "
                + stores.all().keySet() + " holds it");
    }

    private static boolean hasDotSegment(String key) {
        for (String segment : key.split("[/\\\\]", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The size the store reports for {@code loc}: more than zero and at most the size cap. */
    long size(StoreLocation loc) {
        ImageStore store = store(loc);
        long size;
        try {
            size = store.size(loc);
        } catch (NotFoundException e) {
            throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": store '" + loc.storeId()
                    + "' holds no object there", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("store '" + loc.storeId() + "' cannot tell the size of "
                    + loc.publicUrl() + ": " + e.getMessage(), e);
        }
        if (size <= 0) {
            throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": store '" + loc.storeId()
                    + "' reports no data there (size " + size + ")");
        }
        checkCap(loc, size);
        return size;
    }

    /**
     * Reads the bytes at {@code loc} once, to their end, through MD5 and the catalog's multihash, with one buffer.
     * More bytes than the size cap stop the read (413).
     */
    Measured measure(StoreLocation loc) {
        ImageStore store = store(loc);
        MessageDigest md5 = Digests.create("MD5");
        MessageDigest hash = Digests.create(config.hashJcaName());
        byte[] buffer = new byte[config.bufferSize()];
        long total = 0;
        try (InputStream in = store.openStream(loc, 0, -1)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                checkCap(loc, total);
                md5.update(buffer, 0, n);
                hash.update(buffer, 0, n);
            }
        } catch (NotFoundException e) {
            throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": store '" + loc.storeId()
                    + "' holds no object there", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("reading " + loc.publicUrl() + " from store '" + loc.storeId()
                    + "' failed: " + e.getMessage(), e);
        }
        return new Measured(total, UploadPipeline.hex(md5), UploadPipeline.hex(hash));
    }

    /** The hex length of the catalog's multihash. */
    int hashHexLength() {
        return Digests.create(config.hashJcaName()).getDigestLength() * 2;
    }

    private void checkCap(StoreLocation loc, long size) {
        if (size > config.sizeCap()) {
            throw new TooLargeException("the image at " + loc.publicUrl() + " is too large: more than the size cap of "
                    + config.sizeCap() + " bytes");
        }
    }

    private ImageStore store(StoreLocation loc) {
        ImageStore store = stores.get(loc.storeId());
        if (store == null) {
            throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": store '" + loc.storeId()
                    + "' is not configured");
        }
        return store;
    }
}
