package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * One caller's removal of an image's data from one store (Glance's {@code DELETE /v2/stores/{store}/{image}}):
 * {@code get_image_location} and {@code delete_image_location}, then, under a write intent for (image, store), the
 * location marked {@code deleting} by compare-and-set (no longer read), the bytes deleted, the location removed by
 * compare-and-set. A removal cut off after the first step is finished by the recovery sweep ({@link StoreSweep}).
 */
final class StoreRemoval {
    private final AccessControl access;
    private final ImageChanges changes;
    private final ImageStores stores;
    private final WriteIntents writeIntents;
    private final EventBus events;

    StoreRemoval(AccessControl access, ImageChanges changes, ImageStores stores, WriteIntents writeIntents,
                 EventBus events) {
        this.access = access;
        this.changes = changes;
        this.stores = stores;
        this.writeIntents = writeIntents;
        this.events = events;
    }

    Image delete(String imageId, String storeId) {
        AccessControl.Seen seen = access.visible(imageId);
        access.authorize(Policy.GET_IMAGE_LOCATION, seen, "see the locations of");
        access.authorize(Policy.DELETE_IMAGE_LOCATION, seen, "delete a location of");
        Image image = seen.image();
        StoreCopies.requireActive(image, "removed from a store");
        StoreLocation loc = activeIn(image, storeId);
        ImageStore store = stores.get(storeId);
        if (store == null || stores.isReadOnly(storeId)) {
            throw new ConflictException("store '" + storeId + "' is " + (store == null ? "not configured here"
                    : "read-only") + "; image " + imageId + " cannot be removed from it");
        }
        WriteIntents.Intent intent = writeIntents.begin(imageId, storeId);
        boolean done = false;
        try {
            changes.apply(imageId, Policy.DELETE_IMAGE_LOCATION, "delete a location of", current -> {
                StoreCopies.requireActive(current, "removed from a store");
                StoreLocation l = activeIn(current, storeId);
                if (current.activeLocations().size() < 2) {
                    throw new ForbiddenException("store '" + storeId + "' holds the last copy of image " + imageId
                            + "; it cannot be removed");
                }
                return current.toBuilder().locations(current.locations().stream()
                                .map(x -> x.location().equals(l) ? x.withStatus(LocationStatus.DELETING) : x).toList())
                        .updatedAt(ImageRules.now()).build();
            });
            try {
                store.delete(loc);
            } catch (IOException | RuntimeException e) {
                throw new BackendUnavailableException("store '" + storeId + "' failed to delete image " + imageId
                        + " (the recovery sweep finishes it): " + e.getMessage(), e);
            }
            Image after = changes.apply(imageId, Policy.DELETE_IMAGE_LOCATION, "delete a location of",
                    StoreCopies.without(Set.of(loc), LocationStatus.DELETING));
            done = true;
            events.publish(ImageEvents.UPDATE, imageId, ImageEvents.payload(after, false));
            return access.redact(after);
        } finally {
            if (done || isActiveIn(imageId, loc)) {
                intent.close();
            } else {
                intent.abandon(); // a location left deleting: the sweep finishes it once the intent is stale
            }
        }
    }

    /** Whether the location is still active (the removal never started), read fresh; false if unknown. */
    private boolean isActiveIn(String imageId, StoreLocation loc) {
        try {
            return access.visible(imageId).image().activeLocations().contains(loc);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The image's active location in {@code storeId}; not found if it has none there, conflict if one is busy. */
    private static StoreLocation activeIn(Image image, String storeId) {
        List<ImageLocation> there = image.locations().stream().filter(l -> l.storeId().equals(storeId)).toList();
        if (there.isEmpty()) {
            throw new NotFoundException("image " + image.id() + " is not in store '" + storeId + "'");
        }
        return there.stream().filter(ImageLocation::isActive).map(ImageLocation::location).findFirst()
                .orElseThrow(() -> new ConflictException("image " + image.id() + " is being copied to or removed "
                        + "from store '" + storeId + "'"));
    }
}
