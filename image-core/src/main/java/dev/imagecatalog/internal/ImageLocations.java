package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One caller's reads and changes of an image's locations (Glance's locations API and the {@code /locations} patch
 * paths): listing them in read order, adding a location that already holds the image's bytes (checked against the
 * store and the validation data), and removing one that is not the last, each under Glance's location rules and
 * statuses. The rules are written once here; {@link ImageRecords} hands a patch's location changes to
 * {@link #forPatch()}. {@link LocationInput} checks what the caller gives for form, {@link LocationReader} asks the
 * stores.
 *
 * <p>Positions ({@code /locations/N}) count the active locations in read order, the list Glance shows.
 */
final class ImageLocations {
    private static final String SERVICE_RULE = "service_api";

    private final AccessControl access;
    private final ImageChanges changes;
    private final MetadataRepository repo;
    private final ImageStores stores;
    private final CatalogConfig config;
    private final QuotaLedger quotas;
    private final EventBus events;
    private final LocationReader reader;
    private final LocationInput input;
    private final LocationRelease release;

    ImageLocations(AccessControl access, ImageChanges changes, MetadataRepository repo, ImageStores stores,
                   CatalogConfig config, QuotaLedger quotas, EventBus events) {
        this.access = access;
        this.changes = changes;
        this.repo = repo;
        this.stores = stores;
        this.config = config;
        this.quotas = quotas;
        this.events = events;
        this.reader = new LocationReader(stores, config);
        this.input = new LocationInput(reader, config);
        this.release = new LocationRelease(stores, repo);
    }

    // ---------------------------------------------------------------- the locations API

    /**
     * {@code get_image_location}: active locations in read order, then the others; a deactivated image shows none
     * to callers other than administrators.
     */
    List<ImageLocation> list(String imageId) {
        return list(imageId, Policy.GET_IMAGE_LOCATION);
    }

    /** {@code fetch_image_location} (services, Glance's {@code GET /v2/images/{id}/locations}): as {@link #list}. */
    List<ImageLocation> fetch(String imageId) {
        return list(imageId, Policy.FETCH_IMAGE_LOCATION);
    }

    private List<ImageLocation> list(String imageId, String rule) {
        AccessControl.Seen seen = access.visible(imageId);
        access.authorize(rule, seen, "read the locations of");
        Image image = seen.image();
        if (image.status() == ImageStatus.DEACTIVATED && !access.caller().isAdmin()) {
            return List.of();
        }
        List<ImageLocation> out = new ArrayList<>(activeInReadOrder(image));
        image.locations().stream().filter(l -> !l.isActive()).forEach(out::add);
        return List.copyOf(out);
    }

    /**
     * {@code add_image_location}: the location goes after the active ones. A caller the {@code service_api} rule
     * does not allow may add only an external ({@code http} store) location, as in Glance.
     */
    Image add(String imageId, String url, LocationValidation validation) {
        StoreLocation loc = input.resolve(url);
        LocationValidation claimed = input.checkShape(validation);
        Image[] before = new Image[1];
        Image out;
        try (LocationPatch call = forPatch()) {
            out = changes.apply(imageId, Policy.ADD_IMAGE_LOCATION, "add a location to", current -> {
                if (!loc.isExternal() && !access.allows(SERVICE_RULE, current, null)) {
                    throw new ForbiddenException("only a service may add a location in store '" + loc.storeId()
                            + "' to image " + imageId + "; other callers may add external http(s) locations");
                }
                before[0] = current;
                return added(current, Integer.MAX_VALUE, loc, claimed, call);
            });
            events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
            call.saved(before[0], out);
        }
        return access.redact(out);
    }

    /** {@code delete_image_location}: an active location of an active image, not its last; its bytes are deleted. */
    Image remove(String imageId, String url) {
        Objects.requireNonNull(url, "url");
        Image[] before = new Image[1];
        Image out = changes.apply(imageId, Policy.DELETE_IMAGE_LOCATION, "remove a location of", current -> {
            checkRemovable(current);
            ImageLocation found = current.locations().stream()
                    .filter(l -> l.location().publicUrl().equals(url) || l.location().url().equals(url))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException("image " + imageId + " has no location "
                            + InputLimits.shown(url)));
            if (!found.isActive()) {
                throw new ConflictException("location " + found.location().publicUrl() + " of image " + imageId
                        + " is " + found.status().glanceName() + ": only an active location can be removed");
            }
            checkNotLast(current);
            before[0] = current;
            return without(current, found);
        });
        events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        afterSave(before[0], out);
        return access.redact(out);
    }

    // ---------------------------------------------------------------- the patch paths

    /**
     * The location changes of one call (an image patch, or {@link #add}): across the call's compare-and-set retries
     * the bytes a change reads are read once, and the quota an activation takes is held once; {@link #close()}
     * gives back what was not saved.
     */
    LocationPatch forPatch() {
        return new LocationPatch();
    }

    /** Applies a patch's {@code /locations} changes, in order, to the image the patch is building. */
    final class LocationPatch implements AutoCloseable {
        private final Map<StoreLocation, LocationReader.Measured> measured = new HashMap<>();
        private QuotaLedger.Reservation reservation;

        private LocationPatch() {
        }

        /** The bytes at {@code loc}, read the first time they are asked for. */
        private LocationReader.Measured measure(StoreLocation loc) {
            return measured.computeIfAbsent(loc, reader::measure);
        }

        /** Holds {@code size} bytes of the owner's quotas for an activation (once per call). */
        private void reserve(String owner, long size) {
            if (reservation == null) {
                reservation = quotas.reserveUpload(owner, size);
            }
        }

        /** After the call's change was saved: the quota held becomes stored bytes, then {@link #afterSave}. */
        void saved(Image before, Image after) {
            if (reservation != null && before != null && before.status() == ImageStatus.QUEUED
                    && after.status() == ImageStatus.ACTIVE) {
                reservation.committed(after.size());
            }
            afterSave(before, after);
        }

        @Override
        public void close() {
            if (reservation != null) {
                reservation.release();
            }
        }

        /** {@code image} with {@code op} applied (nothing is saved here). */
        Image apply(Image image, ImagePatch.Operation op) {
            if (!config.showMultipleLocations()) {
                throw new ForbiddenException("the locations of image " + image.id() + " cannot be changed: the "
                        + "catalog does not show multiple locations (image.show-multiple-locations)");
            }
            switch (op.op()) {
                case ADD: {
                    authorize(Policy.SET_IMAGE_LOCATION, image, "add a location to");
                    LocationInput.Entry e = input.entry(op.value());
                    int position = op.position() == null || op.position() == ImagePatch.END ? Integer.MAX_VALUE
                            : op.position();
                    return added(image, position, e.location(), e.validation(), this);
                }
                case REMOVE:
                    authorize(Policy.DELETE_IMAGE_LOCATION, image, "remove a location of");
                    return removedAt(image, op.position() == null ? ImagePatch.END : op.position());
                default:
                    authorize(Policy.SET_IMAGE_LOCATION, image, "replace the locations of");
                    return replaced(image, op.value(), this);
            }
        }
    }

    /**
     * After a change was saved: the bytes of the locations it dropped are released ({@link #release}), and an image
     * it made active is announced.
     */
    private void afterSave(Image before, Image after) {
        if (before == null || after == before) {
            return;
        }
        Set<StoreLocation> kept = new HashSet<>();
        after.locations().forEach(l -> kept.add(l.location()));
        for (ImageLocation l : before.locations()) {
            if (!kept.contains(l.location())) {
                release(l.location());
            }
        }
        if (before.status() == ImageStatus.QUEUED && after.status() == ImageStatus.ACTIVE) {
            events.publish(ImageEvents.ACTIVATE, after.id(), ImageEvents.payload(after, false));
        }
    }

    /** The bytes at a location an image let go of are released by the one rule ({@link LocationRelease}). */
    void release(StoreLocation loc) {
        release.release(loc);
    }

    // ---------------------------------------------------------------- the rules

    /**
     * {@code image} with {@code loc} inserted at {@code position} of its active locations: Glance's statuses
     * (queued or active), no duplicate, the location limit, the validation data against the image, the store's
     * size. A queued image becomes active with the bytes' size and digests, read once and compared with the
     * validation data; an active image's new location must have its size.
     */
    private Image added(Image image, int position, StoreLocation loc, LocationValidation claimed,
                        LocationPatch call) {
        String id = image.id();
        if (image.status() != ImageStatus.QUEUED && image.status() != ImageStatus.ACTIVE) {
            throw new ConflictException("a location can be added only to a queued or active image; image " + id
                    + " is " + image.status());
        }
        if (image.locations().stream().anyMatch(l -> l.location().equals(loc))) {
            throw new InvalidInputException("Duplicate location: image " + id + " already has " + loc.publicUrl());
        }
        if (image.locations().size() + 1 > config.maxLocations()) {
            throw new TooLargeException("quota exceeded: image " + id + " would have " + (image.locations().size() + 1)
                    + " locations; the limit is " + config.maxLocations() + " (limit.image-locations)");
        }
        checkAgainstImage(image, claimed);
        long size = reader.size(loc);
        List<ImageLocation> active = activeInReadOrder(image);
        active.add(Math.min(position, active.size()), ImageLocation.active(loc));
        Image.Builder next = image.toBuilder().locations(withOthers(active, image)).updatedAt(ImageRules.now());
        if (image.status() == ImageStatus.ACTIVE) {
            if (image.size() != null && image.size() != size) {
                throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": it holds " + size
                        + " bytes; image " + id + " has " + image.size());
            }
            return next.build();
        }
        if (image.diskFormat() == null || image.containerFormat() == null) {
            throw new InvalidInputException("image " + id + " needs disk_format and container_format before a "
                    + "location can make it active");
        }
        call.reserve(image.owner(), size);
        LocationReader.Measured m = call.measure(loc);
        if (m.size() != size) {
            throw new InvalidInputException("Invalid location " + loc.publicUrl() + ": store '" + loc.storeId()
                    + "' reports " + size + " bytes but " + m.size() + " were read");
        }
        compare(id, "checksum", claimed.checksum(), m.md5());
        compare(id, "os_hash_value", claimed.osHashValue(), m.hash());
        return next.status(ImageStatus.ACTIVE).size(m.size()).checksum(m.md5()).osHashAlgo(config.hashAlgo())
                .osHashValue(m.hash()).build();
    }

    /** {@code remove /locations/N}: the N-th active location (in read order) of an active image, not its last. */
    private Image removedAt(Image image, int position) {
        checkRemovable(image);
        List<ImageLocation> active = activeInReadOrder(image);
        int at = position == ImagePatch.END ? active.size() - 1 : position;
        if (at < 0 || at >= active.size()) {
            throw new InvalidInputException("Invalid position for removing a location: " + position + " (image "
                    + image.id() + " has " + active.size() + " locations)");
        }
        checkNotLast(image);
        return without(image, active.get(at));
    }

    /**
     * {@code replace /locations}: an image without locations gets them in order (the first activates a queued
     * image); an image with locations may only have them reordered (Glance: "Original locations is not empty");
     * an empty list for an image with locations is forbidden.
     */
    private Image replaced(Image image, Object value, LocationPatch call) {
        String id = image.id();
        if (image.status() != ImageStatus.QUEUED && image.status() != ImageStatus.ACTIVE) {
            throw new ConflictException("the locations of image " + id + " can be replaced only while it is queued or"
                    + " active; it is " + image.status());
        }
        if (!(value instanceof List)) {
            throw new InvalidInputException("invalid value for 'locations': a list of locations is expected");
        }
        List<LocationInput.Entry> entries = new ArrayList<>();
        Set<StoreLocation> given = new HashSet<>();
        for (Object item : (List<?>) value) {
            LocationInput.Entry e = input.entry(item);
            if (!given.add(e.location())) {
                throw new InvalidInputException("Duplicate location: " + e.location().publicUrl()
                        + " is given twice");
            }
            entries.add(e);
        }
        List<ImageLocation> active = activeInReadOrder(image);
        if (entries.isEmpty()) {
            if (!active.isEmpty()) {
                throw new ForbiddenException("the locations of image " + id + " cannot be replaced with none: an "
                        + "image keeps at least one location");
            }
            return image;
        }
        if (image.locations().size() != active.size()) {
            throw new ConflictException("the locations of image " + id + " cannot be replaced while a copy or a "
                    + "removal is in progress");
        }
        if (active.isEmpty()) {
            Image next = image;
            for (LocationInput.Entry e : entries) {
                next = added(next, Integer.MAX_VALUE, e.location(), e.validation(), call);
            }
            return next;
        }
        Set<StoreLocation> current = new HashSet<>(image.activeLocations());
        if (!current.equals(given)) {
            throw new InvalidInputException("the locations of image " + id + " are not empty: a replace may only "
                    + "reorder them (add and remove change them one at a time)");
        }
        List<ImageLocation> reordered = new ArrayList<>();
        for (LocationInput.Entry e : entries) {
            checkAgainstImage(image, e.validation());
            reordered.add(ImageLocation.active(e.location()));
        }
        return image.toBuilder().locations(reordered).updatedAt(ImageRules.now()).build();
    }

    private static void checkRemovable(Image image) {
        if (image.status() != ImageStatus.ACTIVE) {
            throw new ConflictException("a location can be removed only from an active image; image " + image.id()
                    + " is " + image.status());
        }
    }

    private static void checkNotLast(Image image) {
        if (image.activeLocations().size() <= 1) {
            throw new ForbiddenException("Cannot remove last location in the image " + image.id());
        }
    }

    private static Image without(Image image, ImageLocation gone) {
        List<ImageLocation> rest = new ArrayList<>(image.locations());
        rest.remove(gone);
        return image.toBuilder().locations(rest).updatedAt(ImageRules.now()).build();
    }

    /** The image's active locations in read order (store weight, highest first; ties in stored order). */
    private List<ImageLocation> activeInReadOrder(Image image) {
        List<ImageLocation> out = new ArrayList<>();
        stores.readOrder(image.activeLocations()).forEach(l -> out.add(ImageLocation.active(l)));
        return out;
    }

    /** {@code active} followed by the image's locations that are not active, in their stored order. */
    private static List<ImageLocation> withOthers(List<ImageLocation> active, Image image) {
        List<ImageLocation> out = new ArrayList<>(active);
        image.locations().stream().filter(l -> !l.isActive()).forEach(out::add);
        return out;
    }

    private void authorize(String rule, Image image, String what) {
        access.authorize(rule, new AccessControl.Seen(image, false), what);
    }

    // ---------------------------------------------------------------- validation data against the image

    /**
     * Validation data against the image (Glance's {@code _validate_validation_data}): a value the image already has
     * must be equal (409); a value it does not have may be given only while it is queued (409).
     */
    private static void checkAgainstImage(Image image, LocationValidation claimed) {
        boolean fresh = agrees(image, "checksum", claimed.checksum(), image.checksum())
                | agrees(image, "os_hash_algo", claimed.osHashAlgo(), image.osHashAlgo())
                | agrees(image, "os_hash_value", claimed.osHashValue(), image.osHashValue());
        if (fresh && image.status() != ImageStatus.QUEUED) {
            throw new ConflictException("validation data may set the checksums of image " + image.id()
                    + " only while it is queued; it is " + image.status());
        }
    }

    /** False if nothing is claimed or it equals the image's value, true if it is new; a different value conflicts. */
    private static boolean agrees(Image image, String field, String claimed, String current) {
        if (claimed == null) {
            return false;
        }
        if (current == null) {
            return true;
        }
        if (!claimed.equalsIgnoreCase(current)) {
            throw new ConflictException(field + " of image " + image.id() + " is already set with a different value");
        }
        return false;
    }

    /** A claimed digest against the bytes read (400: the image stays queued). */
    private static void compare(String imageId, String field, String claimed, String actual) {
        if (claimed != null && !claimed.equalsIgnoreCase(actual)) {
            throw new InvalidInputException(field + " mismatch for image " + imageId + ": the bytes at the location "
                    + "have " + actual + ", the validation data says " + claimed);
        }
    }

}
