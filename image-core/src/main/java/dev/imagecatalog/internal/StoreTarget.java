package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target store of a write of an image's data into stores, a copy ({@link StoreCopies}) or an import
 * ({@link ImportStores}): its write intent, writer, pending location, committed bytes and fate; and the steps over
 * all the targets of one write: opening, committing, the intents' liveness, the all-must-succeed rule and the
 * clean-up that leaves nothing of failed targets.
 */
final class StoreTarget {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTarget.class);

    /** What the targets are written for, as the log and the errors name it. */
    enum Work {
        /** A copy between stores. */
        COPY("the copy of an image to", "copying image to", "no copy was kept"),
        /** An import's staged file into its stores. */
        IMPORT("the import of an image into", "importing to", "nothing was kept");

        private final String writeTo;
        private final String writingTo;
        private final String outcome;

        Work(String writeTo, String writingTo, String outcome) {
            this.writeTo = writeTo;
            this.writingTo = writingTo;
            this.outcome = outcome;
        }
    }

    final ImageStore store;
    private final Work work;
    WriteIntents.Intent intent;
    ImageWriter writer;
    /** Where the writer commits. */
    StoreLocation location;
    /** {@link #location} once recorded as the image's pending location. */
    StoreLocation pending;
    StoreLocation committed;
    RuntimeException failure;
    /** The store holds the image's data already (a copy made meanwhile): nothing to write. */
    boolean skipped;

    StoreTarget(ImageStore store, Work work) {
        this.store = store;
        this.work = work;
    }

    String id() {
        return store.id();
    }

    /** Still writing: opened, not failed and not skipped. */
    boolean open() {
        return failure == null && !skipped && writer != null;
    }

    /**
     * Begins the write intent of {@code imageId}'s {@code size} bytes (-1: unknown) here and opens the writer; a
     * store that cannot accept the image is the target's failure, a write intent that cannot be recorded fails.
     */
    void begin(WriteIntents writeIntents, String imageId, long size) {
        intent = writeIntents.begin(imageId, id());
        try {
            writer = store.openWriter(imageId, size);
            location = writer.location();
        } catch (IOException | RuntimeException e) {
            failure = storeFailure("cannot accept image " + imageId, e);
        }
    }

    /** Commits an open target; a failure becomes its fate. */
    void commit() {
        if (!open()) {
            return;
        }
        try {
            committed = writer.commit();
        } catch (IOException | RuntimeException e) {
            failure = storeFailure("failed to commit", e);
        }
    }

    /** Aborts the writer unless committed; a failure is logged. */
    void abort() {
        if (writer != null && committed == null) {
            try {
                writer.abort();
            } catch (RuntimeException e) {
                LOG.warn("aborting {} store '{}' failed", work.writeTo, id(), e);
            }
        }
    }

    /** An open target whose write intent may have gone stale fails: its bytes must not become active. */
    static void checkIntents(List<StoreTarget> targets) {
        for (StoreTarget t : targets) {
            if (t.open()) {
                try {
                    t.intent.ensureAlive();
                } catch (RuntimeException e) {
                    t.failure = e;
                }
            }
        }
    }

    /** With {@code allMustSucceed}, one failed target fails the write (the caller then cleans up every target). */
    static void checkAll(List<StoreTarget> targets, boolean allMustSucceed) {
        if (!allMustSucceed) {
            return;
        }
        for (StoreTarget t : targets) {
            if (t.failure != null) {
                Map<String, String> failed = failures(targets);
                throw new ConflictException(t.work.writingTo + " every store failed for " + failed.keySet() + ": "
                        + failed + "; " + t.work.outcome, t.failure);
            }
        }
    }

    /**
     * Leaves nothing of {@code failed} targets: writers aborted, committed bytes deleted, then their pending
     * locations removed from image {@code imageId} by {@code change}, the write's compare-and-set of a change to the
     * image. A pending location that cannot be removed keeps its intent for the recovery sweep to finish.
     */
    static void cleanUp(String imageId, List<StoreTarget> failed, ImageStores stores,
                        Consumer<UnaryOperator<Image>> change) {
        Set<StoreLocation> pending = new LinkedHashSet<>();
        for (StoreTarget t : failed) {
            t.abort();
            if (t.committed != null) {
                stores.deleteQuietly(t.committed);
                t.committed = null;
            }
            if (t.pending != null) {
                pending.add(t.pending);
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        try {
            change.accept(StoreCopies.without(pending, LocationStatus.PENDING));
        } catch (NotFoundException e) {
            LOG.debug("image {} is gone; no pending location to remove", imageId);
        } catch (RuntimeException e) {
            LOG.warn("removing the pending locations {} of image {} failed; the recovery sweep will", pending,
                    imageId, e);
            for (StoreTarget t : failed) {
                if (t.pending != null && t.intent != null) {
                    t.intent.abandon();
                }
            }
        }
    }

    /** Closes every begun write intent (an abandoned one stays for the sweep). */
    static void closeIntents(List<StoreTarget> targets) {
        for (StoreTarget t : targets) {
            if (t.intent != null) {
                t.intent.close();
            }
        }
    }

    /** {@return each failed target's store id with why} */
    static Map<String, String> failures(List<StoreTarget> targets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StoreTarget t : targets) {
            if (t.failure != null) {
                out.put(t.id(), reason(t.failure));
            }
        }
        return out;
    }

    /** {@return why {@code e} happened: its message, else the exception itself} */
    static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private RuntimeException storeFailure(String what, Exception e) {
        if (e instanceof ImageCatalogException ice) {
            return ice;
        }
        return new BackendUnavailableException("store '" + id() + "' " + what + ": " + e.getMessage(), e);
    }
}
