package dev.imagecatalog.server.api;

/**
 * What an image's JSON shows of where its data is: Glance's {@code show_multiple_locations} (the
 * {@code locations} list) and {@code show_image_direct_url} (the {@code direct_url} of the first location). Glance
 * has both off by default, since a location names a store's object.
 *
 * @param locations whether {@code locations} is shown
 * @param directUrl whether {@code direct_url} is shown
 */
record LocationDisplay(boolean locations, boolean directUrl) {
    /** Neither shown (Glance's default). */
    static final LocationDisplay HIDDEN = new LocationDisplay(false, false);
    /** Both shown. */
    static final LocationDisplay BOTH = new LocationDisplay(true, true);

    /** {@return whether anything is shown, so the image's locations must be read} */
    boolean shown() {
        return locations || directUrl;
    }
}
