package dev.imagecatalog.recovery;

/**
 * Finishes delayed deletes (Glance's {@code glance-scrubber}): with {@code delete.delayed = true} a deleted image
 * with data goes to {@code pending_delete} and keeps its data; the scrubber deletes that data once the image has
 * waited {@code scrubber.delay}, then marks the image {@code deleted}. It also runs the recovery's sweep. Runs on
 * demand ({@link #runOnce()}; {@link #plan()} for a dry run) and, when {@code scrubber.interval} is positive,
 * periodically on the catalog's own threads. Obtain it from {@link dev.imagecatalog.ImageCatalog#scrubber()}. An operator's tool: no caller policy applies.
 */
public interface Scrubber {

    /**
     * What one run did, or, in a dry run ({@link #plan()}), what it would do now.
     *
     * @param imagesScrubbed    pending_delete images whose data was deleted and which are now deleted
     * @param imagesKept        pending_delete images left for a later run (too recent, or a store failed)
     * @param orphansDeleted    committed objects no image referenced, removed by the sweep (as
     *                          {@code sweep.orphansDeleted()})
     * @param scrubbedImageIds  the ids of the images counted in {@code imagesScrubbed}
     * @param sweep             the recovery sweep that followed (see {@link RecoveryReport})
     * @param dryRun            true if nothing was changed
     */
    record Report(int imagesScrubbed, int imagesKept, int orphansDeleted, java.util.List<String> scrubbedImageIds,
                  RecoveryReport sweep, boolean dryRun) {
        /**
         * Copies {@code scrubbedImageIds} and checks that {@code sweep} is set.
         *
         * @param imagesScrubbed   pending_delete images whose data was deleted and which are now deleted
         * @param imagesKept       pending_delete images left for a later run
         * @param orphansDeleted   committed objects no image referenced, removed by the sweep
         * @param scrubbedImageIds the ids of the images counted in {@code imagesScrubbed}
         * @param sweep            the recovery sweep that followed
         * @param dryRun           true if nothing was changed
         * @throws NullPointerException if {@code scrubbedImageIds} or {@code sweep} is null
         */
        public Report {
            scrubbedImageIds = java.util.List.copyOf(scrubbedImageIds);
            java.util.Objects.requireNonNull(sweep, "sweep");
        }

        /**
         * Counts only: no ids, a sweep of {@code orphansDeleted} orphans, not a dry run.
         *
         * @param imagesScrubbed pending_delete images whose data was deleted and which are now deleted
         * @param imagesKept     pending_delete images left for a later run
         * @param orphansDeleted committed objects no image referenced, removed by the sweep
         */
        public Report(int imagesScrubbed, int imagesKept, int orphansDeleted) {
            this(imagesScrubbed, imagesKept, orphansDeleted, java.util.List.of(),
                    new RecoveryReport(0, 0, orphansDeleted), false);
        }
    }

    /**
     * Scrubs every due pending_delete image, then runs the recovery sweep ({@link dev.imagecatalog.ImageCatalog#recover()}): it
     * leaves alone whatever a live write intent covers, so it runs beside uploads of this and other instances.
     *
     * @return what the run did
     */
    Report runOnce();

    /**
     * A dry run of {@link #runOnce()}: the images it would scrub and what its sweep would reset and remove now,
     * changing nothing.
     *
     * @return what {@link #runOnce()} would do now, with {@code dryRun} true
     */
    Report plan();

    /**
     * Brings a delayed delete back: pending_delete -&gt; active, data intact (Glance's
     * {@code glance-scrubber --restore}).
     *
     * @param imageId the image's id
     * @return the image, now active
     * @throws dev.imagecatalog.error.NotFoundException if no image has that id or it is not pending_delete
     */
    dev.imagecatalog.image.Image restore(String imageId);
}
