package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Viewer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Image records for one caller: create, read, list, update, delete, tags, deactivate and reactivate, each
 * checked by {@link AccessControl}, saved by compare-and-set ({@link ImageChanges}) and announced on the
 * {@link EventBus}; per-image limits, quotas and the metadata-definition checks of properties.
 */
final class ImageRecords {
    private final AccessControl access;
    private final ImageChanges changes;
    private final MetadataRepository repo;
    private final ImageRules rules;
    private final CatalogConfig config;
    private final QuotaLedger quotas;
    private final ImagePropertyDefinitions definitions;
    private final ImageLocations locations;
    private final EventBus events;

    /** Null without an image cache; a deleted image leaves it at once. */
    private final ImageCache cache;

    ImageRecords(AccessControl access, ImageChanges changes, MetadataRepository repo, ImageRules rules,
                 CatalogConfig config, QuotaLedger quotas, ImagePropertyDefinitions definitions,
                 ImageLocations locations, EventBus events, ImageCache cache) {
        this.access = access;
        this.changes = changes;
        this.repo = repo;
        this.rules = rules;
        this.config = config;
        this.quotas = quotas;
        this.definitions = definitions;
        this.locations = locations;
        this.events = events;
        this.cache = cache;
    }

    Image create(ImageDraft draft) {
        Objects.requireNonNull(draft, "draft");
        RequestContext ctx = access.caller();
        Image image = rules.newImage(ctx, draft, UUID.randomUUID().toString());
        access.authorizeCreate(image);
        checkLimits(null, image);
        definitions.validate(ctx, image.properties());
        quotas.create(image);
        events.publish(ImageEvents.CREATE, image.id(), ImageEvents.payload(image, false));
        return access.redact(image);
    }

    Image get(String imageId) {
        return access.redact(access.visible(imageId).image());
    }

    Page<Image> list(ImageQuery query) {
        ImageQuery q = query == null ? ImageQuery.all() : query;
        RequestContext ctx = access.caller();
        access.authorizeOwnProject(Policy.GET_IMAGES, "list images");
        int limit;
        if (q.limit() == null) {
            limit = config.listLimitDefault();
        } else if (q.limit() < 0) {
            throw new InvalidInputException("invalid limit " + q.limit() + ": must not be negative");
        } else {
            limit = Math.min(q.limit(), config.listLimitMax());
        }
        if (access.filtersOnUnreadable(q)) {
            return new Page<>(List.of(), null); // a property the caller may not read is absent: nothing matches
        }
        Page<Image> page = repo.list(q.toBuilder().limit(limit).build(), new Viewer(ctx.projectId(), ctx.isAdmin()));
        List<Image> items = new ArrayList<>(page.items().size());
        for (Image i : page.items()) {
            if (access.listable(i)) {
                items.add(access.redact(i));
            }
        }
        return new Page<>(items, page.nextMarker());
    }

    Image update(String imageId, ImagePatch patch) {
        Objects.requireNonNull(patch, "patch");
        PropertyView properties = access.properties();
        try (ImageLocations.LocationPatch locationChanges = locations.forPatch()) {
            Image[] before = new Image[1];
            Image out = changes.apply(imageId, Policy.MODIFY_IMAGE, "modify", current -> {
                if (patch.operations().isEmpty()) {
                    return current;
                }
                Image view = properties.redact(current); // the patch sees what the caller may read
                properties.checkPatch(view, patch);
                Image nextView = applyInOrder(view, patch, locationChanges);
                Image next = properties.restoreUnreadable(current, nextView);
                if (next.visibility() != current.visibility()) {
                    access.checkVisibilityChange(next.visibility(), current);
                }
                checkLimits(current, next);
                definitions.validate(access.caller(), changedProperties(view, nextView));
                before[0] = current;
                return next;
            });
            if (before[0] != null && out != before[0]) {
                events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
                locationChanges.saved(before[0], out);
            }
            return access.redact(out);
        }
    }

    /**
     * The patch's changes in order: attribute changes by {@link ImageRules}, {@code /locations} changes by
     * {@link ImageLocations}, each seeing the image the changes before it made.
     */
    private Image applyInOrder(Image view, ImagePatch patch, ImageLocations.LocationPatch locationChanges) {
        Image next = view;
        List<ImagePatch.Operation> attributes = new ArrayList<>();
        for (ImagePatch.Operation op : patch.operations()) {
            if (!op.isLocationChange()) {
                attributes.add(op);
                continue;
            }
            if (!attributes.isEmpty()) {
                next = rules.apply(access.caller(), next, attributes);
                attributes.clear();
            }
            next = locationChanges.apply(next, op);
        }
        return attributes.isEmpty() ? next : rules.apply(access.caller(), next, attributes);
    }

    /** The custom properties {@code next} sets to a value {@code current} does not have (what validation checks). */
    private static Map<String, String> changedProperties(Image current, Image next) {
        Map<String, String> changed = new HashMap<>();
        next.properties().forEach((k, v) -> {
            if (!v.equals(current.properties().get(k))) {
                changed.put(k, v);
            }
        });
        return changed;
    }

    void delete(String imageId) {
        boolean delayed = config.deleteDelayed();
        Image[] before = new Image[1];
        Image deleted = changes.apply(imageId, Policy.DELETE_IMAGE, "delete", current -> {
            if (current.isProtected()) {
                throw new ForbiddenException("image " + imageId + " is protected and cannot be deleted");
            }
            ImageStatus to = delayed && !current.locations().isEmpty()
                    && current.status().canTransitionTo(ImageStatus.PENDING_DELETE)
                    ? ImageStatus.PENDING_DELETE : ImageStatus.DELETED;
            if (!current.status().canTransitionTo(to)) {
                throw new ConflictException("image " + imageId + " cannot be deleted while " + current.status());
            }
            before[0] = current;
            Image.Builder next = current.toBuilder().status(to).updatedAt(ImageRules.now());
            // a deleted record lets go of its data before the data is removed (as the scrubber's does): a crash in
            // between leaves bytes no image references, which the recovery's sweep removes
            return (to == ImageStatus.DELETED ? next.locations(List.of()) : next).build();
        });
        if (deleted.status() == ImageStatus.DELETED) {
            for (ImageLocation loc : before[0].locations()) {
                locations.release(loc.location());
            }
        }
        if (cache != null) {
            cache.evict(deleted.id());
        }
        events.publish(ImageEvents.DELETE, deleted.id(), ImageEvents.payload(deleted, true));
    }

    Image addTag(String imageId, String tag) {
        ImageRules.checkTag(tag);
        Image out = changes.apply(imageId, Policy.MODIFY_IMAGE, "tag", current -> {
            if (current.tags().contains(tag)) {
                return current;
            }
            Image next = current.toBuilder().addTag(tag).updatedAt(ImageRules.now()).build();
            checkLimits(current, next);
            return next;
        });
        events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        return access.redact(out);
    }

    Image removeTag(String imageId, String tag) {
        Image out = changes.apply(imageId, Policy.MODIFY_IMAGE, "untag", current -> {
            if (!current.tags().contains(tag)) {
                throw new NotFoundException("image " + imageId + " has no tag '" + tag + "'");
            }
            return current.toBuilder().removeTag(tag).updatedAt(ImageRules.now()).build();
        });
        events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        return access.redact(out);
    }

    Image deactivate(String imageId) {
        return switchStatus(imageId, Policy.DEACTIVATE, "deactivate", ImageStatus.ACTIVE, ImageStatus.DEACTIVATED,
                "only an active image can be deactivated", ImageEvents.DEACTIVATE);
    }

    Image reactivate(String imageId) {
        return switchStatus(imageId, Policy.REACTIVATE, "reactivate", ImageStatus.DEACTIVATED, ImageStatus.ACTIVE,
                "only a deactivated image can be reactivated", ImageEvents.REACTIVATE);
    }

    /**
     * Moves the image from {@code from} to {@code to} under {@code rule} (an image already in {@code to} is left
     * as it is; any other status is refused with {@code refusal}), then announces {@code event}.
     */
    private Image switchStatus(String imageId, String rule, String action, ImageStatus from, ImageStatus to,
                               String refusal, String event) {
        Image out = changes.apply(imageId, rule, action, current -> {
            if (current.status() == to) {
                return current;
            }
            if (current.status() != from) {
                throw new ForbiddenException(refusal + "; image " + imageId + " is " + current.status());
            }
            return current.toBuilder().status(to).updatedAt(ImageRules.now()).build();
        });
        events.publish(event, out.id(), ImageEvents.payload(out, false));
        return access.redact(out);
    }

    /** {@code limit.image-properties} and {@code limit.image-tags}: a change may not grow an image beyond them. */
    private void checkLimits(Image before, Image after) {
        int propsBefore = before == null ? 0 : before.properties().size();
        if (after.properties().size() > config.maxProperties() && after.properties().size() > propsBefore) {
            throw new TooLargeException("quota exceeded: image " + after.id() + " would have "
                    + after.properties().size() + " properties; the limit is " + config.maxProperties());
        }
        int tagsBefore = before == null ? 0 : before.tags().size();
        if (after.tags().size() > config.maxTags() && after.tags().size() > tagsBefore) {
            throw new TooLargeException("quota exceeded: image " + after.id() + " would have " + after.tags().size()
                    + " tags; the limit is " + config.maxTags());
        }
    }
}
