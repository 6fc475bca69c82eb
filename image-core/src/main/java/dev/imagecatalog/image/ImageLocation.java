package dev.imagecatalog.image;

import java.util.Objects;

/**
 * One place an image's bytes are: the store location and its {@link LocationStatus}. Every active location of an
 * image holds the same bytes (its size, MD5 and multihash).
 *
 * @param location where the bytes are (its store id names the store)
 * @param status   whether the bytes may be read
 */
public record ImageLocation(StoreLocation location, LocationStatus status) {

    /**
     * Checks the components.
     *
     * @param location where the bytes are
     * @param status   whether the bytes may be read
     * @throws NullPointerException if a component is null
     */
    public ImageLocation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
    }

    /**
     * An active location.
     *
     * @param location where complete, verified bytes are
     * @return the location with status {@link LocationStatus#ACTIVE}
     */
    public static ImageLocation active(StoreLocation location) {
        return new ImageLocation(location, LocationStatus.ACTIVE);
    }

    /**
     * The id of the store holding the bytes.
     *
     * @return {@code location().storeId()}
     */
    public String storeId() {
        return location.storeId();
    }

    /**
     * Whether downloads may read this location.
     *
     * @return true if the status is {@link LocationStatus#ACTIVE}
     */
    public boolean isActive() {
        return status == LocationStatus.ACTIVE;
    }

    /**
     * This location with another status.
     *
     * @param s the new status
     * @return a location at the same place
     */
    public ImageLocation withStatus(LocationStatus s) {
        return new ImageLocation(location, s);
    }
}
