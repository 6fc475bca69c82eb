package dev.imagecatalog.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A write in flight, recorded in the metadata back-end before the first byte goes to a store and removed after the
 * image is activated or the write aborted. Every instance sharing the back-end sees it, so no instance's sweep
 * removes bytes another instance is still writing. A live writer refreshes {@code touchedAt} periodically; an
 * intent not touched within the catalog's {@code recovery.orphan-grace} belongs to a writer that died.
 *
 * @param id        the intent's own id (a UUID)
 * @param imageId   the image being written
 * @param storeId   the store written to
 * @param instance  the catalog instance writing ({@code catalog.instance})
 * @param startedAt when the write started
 * @param touchedAt when the writer last said it was alive
 */
public record WriteIntent(String id, String imageId, String storeId, String instance, Instant startedAt,
                          Instant touchedAt) {
    /**
     * Checks that every component is set.
     *
     * @param id        the intent's own id
     * @param imageId   the image being written
     * @param storeId   the store written to
     * @param instance  the catalog instance writing
     * @param startedAt when the write started
     * @param touchedAt when the writer last said it was alive
     * @throws NullPointerException if a component is null
     */
    public WriteIntent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(touchedAt, "touchedAt");
    }
}
