package dev.imagecatalog;

/**
 * Finishes delayed deletes (Glance's {@code glance-scrubber}): with {@code delete.delayed = true} a deleted image
 * with data goes to {@code pending_delete} and keeps its data; the scrubber deletes that data once the image has
 * waited {@code scrubber.delay}, then marks the image {@code deleted}. It also sweeps orphaned data (the recovery's
 * sweep). Runs on demand ({@link #runOnce()}) and, when {@code scrubber.interval} is positive, periodically on the
 * catalog's own threads. Obtain it from {@link ImageCatalog#scrubber()}. An operator's tool: no caller policy applies.
 */
public interface Scrubber {

    /**
     * What one run did.
     *
     * @param imagesScrubbed  pending_delete images whose data was deleted and which are now deleted
     * @param imagesKept      pending_delete images left for a later run (too recent, or a store failed)
     * @param orphansDeleted  stored objects no image referenced, deleted
     */
    record Report(int imagesScrubbed, int imagesKept, int orphansDeleted) {
    }

    /** Scrubs every due pending_delete image, then sweeps orphaned data (waiting for running uploads). */
    Report runOnce();

    /**
     * pending_delete -> active, data intact (Glance's {@code glance-scrubber --restore}). An image that is not
     * pending_delete is {@link NotFoundException}.
     */
    dev.imagecatalog.image.Image restore(String imageId);
}
