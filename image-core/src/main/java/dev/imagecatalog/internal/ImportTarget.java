package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target store of an import ({@link ImportStores}): its write intent, writer, pending location, committed bytes
 * and fate, and the rules over all the targets of one import (all must succeed, at least one left).
 */
final class ImportTarget {
    private static final Logger LOG = LoggerFactory.getLogger(ImportTarget.class);

    final ImageStore store;
    WriteIntents.Intent intent;
    ImageWriter writer;
    /** Where the writer commits. */
    StoreLocation location;
    /** Whether {@link #location} is recorded as the image's pending location. */
    boolean pending;
    StoreLocation committed;
    RuntimeException failure;

    ImportTarget(ImageStore store) {
        this.store = store;
    }

    String id() {
        return store.id();
    }

    /** Still writing: opened and not failed. */
    boolean open() {
        return failure == null && writer != null;
    }

    /** Commits an open target; a failure becomes its fate. */
    void commit() {
        if (!open()) {
            return;
        }
        try {
            committed = writer.commit();
        } catch (IOException | RuntimeException e) {
            failure = storeFailure(this, "failed to commit", e);
        }
    }

    /** Aborts the writer unless committed; a failure is logged. */
    void abort() {
        if (writer != null && committed == null) {
            try {
                writer.abort();
            } catch (RuntimeException e) {
                LOG.warn("aborting the import of an image into store '{}' failed", id(), e);
            }
        }
    }

    /** With {@code allMustSucceed}, one failed target fails the import (the caller then cleans up every target). */
    static void checkAll(List<ImportTarget> targets, boolean allMustSucceed) {
        if (!allMustSucceed) {
            return;
        }
        for (ImportTarget t : targets) {
            if (t.failure != null) {
                throw new ConflictException("importing to every store failed for " + failures(targets).keySet()
                        + ": " + failures(targets) + "; nothing was kept", t.failure);
            }
        }
    }

    /** Fails the import when no target is left. */
    static void requireOneLeft(String imageId, List<ImportTarget> targets) {
        if (targets.stream().noneMatch(ImportTarget::open)) {
            throw new BackendUnavailableException("every store failed to take image " + imageId + ": "
                    + failures(targets));
        }
    }

    /** {@return each failed target's store id with why} */
    static Map<String, String> failures(List<ImportTarget> targets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ImportTarget t : targets) {
            if (t.failure != null) {
                out.put(t.id(), t.failure.getMessage() == null ? t.failure.toString() : t.failure.getMessage());
            }
        }
        return out;
    }

    static RuntimeException storeFailure(ImportTarget t, String what, Exception e) {
        if (e instanceof ImageCatalogException ice) {
            return ice;
        }
        return new BackendUnavailableException("store '" + t.id() + "' " + what + ": " + e.getMessage(), e);
    }
}
