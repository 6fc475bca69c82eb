package dev.imagecatalog.internal;

import dev.imagecatalog.BackendUnavailableException;
import dev.imagecatalog.ConflictException;
import dev.imagecatalog.ForbiddenException;
import dev.imagecatalog.ImageCatalogException;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NoImageDataException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.TooLargeException;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.Viewer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageService} bound to one caller: Glance's visibility (an image the caller may not see is not found),
 * the policy rules, property protections, quotas and events around the repository and the stores.
 */
final class DefaultImageService implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultImageService.class);
    /** How often a compare-and-set is retried after another writer changed the image first. */
    private static final int CAS_ATTEMPTS = 32;

    private final CatalogCore core;
    private final RequestContext ctx;
    private final MetadataRepository repo;
    private final Policy policy;
    private final PropertyView properties;
    private final EventBus events;

    DefaultImageService(CatalogCore core, RequestContext ctx) {
        this.core = core;
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.repo = core.repository();
        this.policy = core.policy();
        this.properties = new PropertyView(core.protections(), this.ctx);
        this.events = core.events();
    }

    // ------------------------------------------------------------------ access

    /** An image the caller sees, and whether the caller's project is one of its members. */
    private record Seen(Image image, boolean member) {
    }

    /** The policy target of an image rule (Glance's ImageTarget). */
    private Map<String, String> target(Image image, String memberId) {
        Map<String, String> t = new HashMap<>();
        image.properties().forEach(t::put);
        t.put("id", image.id());
        t.put("name", image.name());
        t.put("project_id", image.owner());
        t.put("owner", image.owner());
        t.put("visibility", image.visibility().wireName());
        t.put("status", image.status().wireName());
        t.put("protected", image.isProtected() ? "True" : "False");
        t.put("member_id", memberId);
        return t;
    }

    private Map<String, String> target(Seen seen) {
        return target(seen.image(), seen.member() ? ctx.projectId() : null);
    }

    /**
     * Glance's {@code is_image_visible}: admins, the owner, ownerless, public and community images, and shared
     * images the caller's project is a member of (any status).
     */
    private Seen canSee(Image image) {
        boolean owner = image.owner() != null && image.owner().equals(ctx.projectId());
        boolean member = false;
        if (!owner && image.visibility() == Visibility.SHARED && ctx.projectId() != null) {
            member = repo.findMember(image.id(), ctx.projectId()).isPresent();
        }
        if (ctx.isAdmin() || owner || image.owner() == null || member) {
            return new Seen(image, member);
        }
        if (image.visibility() == Visibility.PUBLIC || image.visibility() == Visibility.COMMUNITY) {
            return new Seen(image, false);
        }
        return null;
    }

    /** The image if the caller sees it and {@code get_image} allows; else not found (never forbidden). */
    private Seen visible(String imageId) {
        if (imageId == null) {
            throw new InvalidInputException("image id is required");
        }
        Image image = repo.find(imageId).orElse(null);
        Seen seen = image == null ? null : canSee(image);
        if (seen == null || !policy.allows(Policy.GET_IMAGE, ctx, target(seen))) {
            throw new NotFoundException("no image with id " + imageId);
        }
        return seen;
    }

    private void authorize(String rule, Seen seen, String what) {
        policy.enforce(rule, ctx, target(seen), what + " image " + seen.image().id());
    }

    /** Glance's {@code is_image_mutable}: whatever the policy says, only the owner or an admin changes an image. */
    private void checkMutable(Image image, String action) {
        ImageRules.checkWrite(ctx, image, action);
    }

    /** The image as this caller may read it: properties a protection hides from it are removed. */
    private Image redact(Image image) {
        return properties.redact(image);
    }

    private void checkVisibilityChange(Visibility to, Map<String, String> target, String what) {
        if (to == Visibility.PUBLIC) {
            policy.enforce(Policy.PUBLICIZE_IMAGE, ctx, target, what);
        } else if (to == Visibility.COMMUNITY) {
            policy.enforce(Policy.COMMUNITIZE_IMAGE, ctx, target, what);
        }
    }

    private void checkLimits(Image before, Image after) {
        CatalogConfig c = core.config();
        int propsBefore = before == null ? 0 : before.properties().size();
        if (after.properties().size() > c.maxProperties() && after.properties().size() > propsBefore) {
            throw new TooLargeException("quota exceeded: image " + after.id() + " would have "
                    + after.properties().size() + " properties; the limit is " + c.maxProperties());
        }
        int tagsBefore = before == null ? 0 : before.tags().size();
        if (after.tags().size() > c.maxTags() && after.tags().size() > tagsBefore) {
            throw new TooLargeException("quota exceeded: image " + after.id() + " would have " + after.tags().size()
                    + " tags; the limit is " + c.maxTags());
        }
    }

    // ------------------------------------------------------------------ metadata

    @Override
    public Image create(ImageDraft draft) {
        Objects.requireNonNull(draft, "draft");
        Image image = core.rules().newImage(ctx, draft, UUID.randomUUID().toString());
        Map<String, String> target = target(image, null);
        policy.enforce(Policy.ADD_IMAGE, ctx, target, "create an image owned by project '" + image.owner() + "'");
        checkVisibilityChange(image.visibility(), target, "create a " + image.visibility() + " image");
        properties.checkCreate(image.properties());
        checkLimits(null, image);
        core.validateImageProperties(ctx, image.properties());
        core.quotas().create(image);
        events.publish(ImageEvents.CREATE, image.id(), ImageEvents.payload(image, false));
        return redact(image);
    }

    @Override
    public Image get(String imageId) {
        return redact(visible(imageId).image());
    }

    @Override
    public Page<Image> list(ImageQuery query) {
        ImageQuery q = query == null ? ImageQuery.all() : query;
        Map<String, String> listTarget = new HashMap<>();
        listTarget.put("project_id", ctx.projectId());
        listTarget.put("owner", ctx.projectId());
        policy.enforce(Policy.GET_IMAGES, ctx, listTarget, "list images");
        int limit;
        if (q.limit() == null) {
            limit = core.config().listLimitDefault();
        } else if (q.limit() < 0) {
            throw new InvalidInputException("invalid limit " + q.limit() + ": must not be negative");
        } else {
            limit = Math.min(q.limit(), core.config().listLimitMax());
        }
        if (properties.filtersOnUnreadable(q)) {
            return new Page<>(List.of(), null); // a property the caller may not read is absent: nothing matches
        }
        Page<Image> page = repo.list(q.toBuilder().limit(limit).build(), new Viewer(ctx.projectId(), ctx.isAdmin()));
        List<Image> items = new ArrayList<>(page.items().size());
        for (Image i : page.items()) {
            boolean owner = i.owner() != null && i.owner().equals(ctx.projectId());
            boolean member = false;
            if (!owner && i.visibility() == Visibility.SHARED) {
                // a non-admin gets a shared image it does not own only through a membership
                member = !ctx.isAdmin() || repo.findMember(i.id(), ctx.projectId()).isPresent();
            }
            if (policy.allows(Policy.GET_IMAGE, ctx, target(i, member ? ctx.projectId() : null))) {
                items.add(redact(i));
            }
        }
        return new Page<>(items, page.nextMarker());
    }

    /**
     * Reads the image, checks the caller may change it (the rule, then ownership), computes the change and saves
     * it by compare-and-set; when another writer got there first, starts again from the fresh image (so the
     * change is re-validated). A change that returns the same image saves nothing.
     */
    private Image change(String imageId, String rule, String action, UnaryOperator<Image> change) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Seen seen = visible(imageId);
            Image current = seen.image();
            authorize(rule, seen, action);
            checkMutable(current, action);
            Image next = change.apply(current);
            if (next == current) {
                return current;
            }
            try {
                return repo.update(next);
            } catch (ConflictException e) {
                LOG.debug("image {} changed concurrently, retrying {}", imageId, action);
            }
        }
        throw new ConflictException("image " + imageId + " keeps changing concurrently; gave up to " + action + " it");
    }

    @Override
    public Image update(String imageId, ImagePatch patch) {
        Objects.requireNonNull(patch, "patch");
        Image[] before = new Image[1];
        Image out = change(imageId, Policy.MODIFY_IMAGE, "modify", current -> {
            if (patch.operations().isEmpty()) {
                return current;
            }
            Image view = properties.redact(current); // the patch sees what the caller may read
            properties.checkPatch(view, patch);
            Image nextView = core.rules().apply(ctx, view, patch);
            Image next = properties.restoreUnreadable(current, nextView);
            if (next.visibility() != current.visibility()) {
                checkVisibilityChange(next.visibility(), target(current, null),
                        "make image " + current.id() + " " + next.visibility());
            }
            checkLimits(current, next);
            core.validateImageProperties(ctx, changedProperties(view, nextView));
            before[0] = current;
            return next;
        });
        if (before[0] != null && out != before[0]) {
            events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        }
        return redact(out);
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

    @Override
    public void delete(String imageId) {
        boolean delayed = core.config().deleteDelayed();
        Image[] before = new Image[1];
        Image deleted = change(imageId, Policy.DELETE_IMAGE, "delete", current -> {
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
            for (StoreLocation loc : before[0].locations()) {
                core.deleteQuietly(loc);
            }
        }
        events.publish(ImageEvents.DELETE, deleted.id(), ImageEvents.payload(deleted, true));
    }

    @Override
    public Image addTag(String imageId, String tag) {
        ImageRules.checkTag(tag);
        Image out = change(imageId, Policy.MODIFY_IMAGE, "tag", current -> {
            if (current.tags().contains(tag)) {
                return current;
            }
            Image next = current.toBuilder().addTag(tag).updatedAt(ImageRules.now()).build();
            checkLimits(current, next);
            return next;
        });
        events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        return redact(out);
    }

    @Override
    public Image removeTag(String imageId, String tag) {
        Image out = change(imageId, Policy.MODIFY_IMAGE, "untag", current -> {
            if (!current.tags().contains(tag)) {
                throw new NotFoundException("image " + imageId + " has no tag '" + tag + "'");
            }
            return current.toBuilder().removeTag(tag).updatedAt(ImageRules.now()).build();
        });
        events.publish(ImageEvents.UPDATE, out.id(), ImageEvents.payload(out, false));
        return redact(out);
    }

    @Override
    public Image deactivate(String imageId) {
        return switchStatus(imageId, Policy.DEACTIVATE, "deactivate", ImageStatus.ACTIVE, ImageStatus.DEACTIVATED,
                "only an active image can be deactivated", ImageEvents.DEACTIVATE);
    }

    @Override
    public Image reactivate(String imageId) {
        return switchStatus(imageId, Policy.REACTIVATE, "reactivate", ImageStatus.DEACTIVATED, ImageStatus.ACTIVE,
                "only a deactivated image can be reactivated", ImageEvents.REACTIVATE);
    }

    /**
     * Moves the image from {@code from} to {@code to} under {@code rule} (an image already in {@code to} is left
     * as it is; any other status is refused with {@code refusal}), then announces {@code event}.
     */
    private Image switchStatus(String imageId, String rule, String action, ImageStatus from, ImageStatus to,
                               String refusal, String event) {
        Image out = change(imageId, rule, action, current -> {
            if (current.status() == to) {
                return current;
            }
            if (current.status() != from) {
                throw new ForbiddenException(refusal + "; image " + imageId + " is " + current.status());
            }
            return current.toBuilder().status(to).updatedAt(ImageRules.now()).build();
        });
        events.publish(event, out.id(), ImageEvents.payload(out, false));
        return redact(out);
    }

    // ------------------------------------------------------------------ members

    private static void requireShared(Image image) {
        if (image.visibility() != Visibility.SHARED) {
            throw new ForbiddenException("only shared images have members; image " + image.id() + " is "
                    + image.visibility());
        }
    }

    private static String checkMemberId(String memberId) {
        if (memberId == null || memberId.isEmpty()) {
            throw new InvalidInputException("member is required: a project id");
        }
        ImageRules.checkString("member", memberId);
        return memberId;
    }

    @Override
    public ImageMember addMember(String imageId, String memberId) {
        checkMemberId(memberId);
        Seen seen = visible(imageId);
        Image image = seen.image();
        authorize(Policy.ADD_MEMBER, seen, "add members to");
        checkMutable(image, "add members to");
        requireShared(image);
        java.time.Instant now = ImageRules.now();
        ImageMember member = new ImageMember(image.id(), memberId, MemberStatus.PENDING, now, now);
        synchronized (core.quotas().imageLock(image.id())) {
            if (repo.findMember(image.id(), memberId).isPresent()) {
                throw new ConflictException("project " + memberId + " is already a member of image " + image.id());
            }
            int count = repo.listMembers(image.id()).size();
            if (count + 1 > core.config().maxMembers()) {
                throw new TooLargeException("quota exceeded: image " + image.id() + " has " + count
                        + " members; the limit is " + core.config().maxMembers());
            }
            repo.addMember(member);
        }
        events.publish(ImageEvents.MEMBER_CREATE, image.id(), ImageEvents.member(member, false));
        return member;
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        Seen seen = visible(imageId);
        Image image = seen.image();
        authorize(Policy.GET_MEMBERS, seen, "list the members of");
        requireShared(image);
        boolean manager = ctx.isAdmin() || (image.owner() != null && image.owner().equals(ctx.projectId()));
        List<ImageMember> all = repo.listMembers(image.id());
        if (manager) {
            return all;
        }
        List<ImageMember> own = new ArrayList<>(1);
        for (ImageMember m : all) {
            if (m.memberId().equals(ctx.projectId())) {
                own.add(m);
            }
        }
        return own;
    }

    /** A member record the caller may see (owner, admin or that member), else not found. */
    private ImageMember visibleMember(Seen seen, String memberId, String rule, String what) {
        Image image = seen.image();
        boolean manager = ctx.isAdmin() || (image.owner() != null && image.owner().equals(ctx.projectId()));
        if (!manager && !memberId.equals(ctx.projectId())) {
            throw new NotFoundException("project " + memberId + " is not a member of image " + image.id());
        }
        ImageMember m = repo.findMember(image.id(), memberId).orElseThrow(() ->
                new NotFoundException("project " + memberId + " is not a member of image " + image.id()));
        if (!policy.allows(rule, ctx, target(image, memberId))) {
            if (rule.equals(Policy.GET_MEMBER)) {
                throw new NotFoundException("project " + memberId + " is not a member of image " + image.id());
            }
            throw new ForbiddenException("policy '" + rule + "' does not allow you to " + what + " of image "
                    + image.id());
        }
        return m;
    }

    @Override
    public ImageMember getMember(String imageId, String memberId) {
        checkMemberId(memberId);
        Seen seen = visible(imageId);
        if (seen.image().visibility() != Visibility.SHARED) {
            // Glance maps the "only shared images have members" Forbidden of a member read to not found
            throw new NotFoundException("project " + memberId + " is not a member of image " + imageId);
        }
        return visibleMember(seen, memberId, Policy.GET_MEMBER, "read member " + memberId);
    }

    @Override
    public ImageMember updateMember(String imageId, String memberId, MemberStatus status) {
        checkMemberId(memberId);
        if (status == null) {
            throw new InvalidInputException("status is required: pending, accepted or rejected");
        }
        Seen seen = visible(imageId);
        requireShared(seen.image());
        ImageMember current = visibleMember(seen, memberId, Policy.MODIFY_MEMBER, "change the status of member "
                + memberId);
        if (!ctx.isAdmin() && !memberId.equals(ctx.projectId())) {
            throw new ForbiddenException("only member " + memberId + " may change its status on image " + imageId);
        }
        ImageMember next = repo.updateMember(current.withStatus(status, ImageRules.now()));
        events.publish(ImageEvents.MEMBER_UPDATE, imageId, ImageEvents.member(next, false));
        return next;
    }

    @Override
    public void removeMember(String imageId, String memberId) {
        checkMemberId(memberId);
        Seen seen = visible(imageId);
        Image image = seen.image();
        authorize(Policy.DELETE_MEMBER, seen, "remove members of");
        checkMutable(image, "remove members of");
        requireShared(image);
        ImageMember m = repo.findMember(image.id(), memberId).orElseThrow(() ->
                new NotFoundException("project " + memberId + " is not a member of image " + image.id()));
        if (!repo.removeMember(image.id(), memberId)) {
            throw new NotFoundException("project " + memberId + " is not a member of image " + image.id());
        }
        events.publish(ImageEvents.MEMBER_DELETE, image.id(), ImageEvents.member(m.withStatus(m.status(),
                ImageRules.now()), true));
    }

    // ------------------------------------------------------------------ usage

    @Override
    public List<QuotaUsage> usage() {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", ctx.projectId());
        t.put("owner", ctx.projectId());
        policy.enforce(Policy.GET_USAGE, ctx, t, "read the usage of project " + ctx.projectId());
        return core.quotas().usage(ctx.projectId());
    }

    // ------------------------------------------------------------------ upload

    @Override
    public Image upload(String imageId, InputStream data, UploadOptions options) {
        Objects.requireNonNull(data, "data");
        UploadOptions opt = options == null ? UploadOptions.defaults() : options;
        ImageStore store = core.storeForUpload(opt.store());
        long cap = core.config().sizeCap();
        if (opt.declaredSize() < -1) {
            throw new InvalidInputException("invalid declared size " + opt.declaredSize());
        }
        if (opt.declaredSize() > cap) {
            throw new TooLargeException("the incoming image " + imageId + " is too large: its declared size "
                    + opt.declaredSize() + " exceeds the size cap of " + cap + " bytes");
        }
        if (core.config().maxLocations() < 1) {
            throw new TooLargeException("quota exceeded: image " + imageId + " may have no locations (limit "
                    + core.config().maxLocations() + ")");
        }
        Seen seen = visible(imageId);
        authorize(Policy.UPLOAD_IMAGE, seen, "upload data to");
        checkMutable(seen.image(), "upload data to");
        QuotaLedger.Reservation quota = core.quotas().reserveUpload(seen.image().owner(), opt.declaredSize());
        // the intent is recorded before the image goes to saving and removed after it left saving
        try (WriteIntents.Intent intent = core.writeIntents().begin(imageId, store.id())) {
            Image saving = startSaving(imageId);
            events.publish(ImageEvents.PREPARE, imageId, ImageEvents.withBackend(saving, store.id()));
            Image active;
            try {
                active = receive(saving, store, data, opt, cap, quota, intent);
            } catch (RuntimeException e) {
                // Glance's notifier.error('image.upload', msg); the image is back in queued
                events.publishError(ImageEvents.UPLOAD, imageId, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
            quota.committed(active.size() == null ? 0 : active.size());
            events.publish(ImageEvents.UPLOAD, imageId, ImageEvents.withBackend(active, store.id()));
            events.publish(ImageEvents.ACTIVATE, imageId, ImageEvents.payload(active, false));
            return redact(active);
        } finally {
            quota.release();
        }
    }

    /** queued -> saving by compare-and-set: of several concurrent uploads exactly one gets here. */
    private Image startSaving(String imageId) {
        return change(imageId, Policy.UPLOAD_IMAGE, "upload data to", current -> {
            switch (current.status()) {
                case QUEUED:
                    break;
                case ACTIVE:
                case DEACTIVATED:
                    throw new ConflictException("image " + imageId + " already has data: data cannot be replaced");
                case SAVING:
                    throw new ConflictException("image " + imageId + " is already receiving data from another upload");
                default:
                    throw new ConflictException("image " + imageId + " is " + current.status()
                            + "; only a queued image accepts data");
            }
            if (current.diskFormat() == null || current.containerFormat() == null) {
                throw new InvalidInputException("image " + imageId
                        + " needs disk_format and container_format before data can be uploaded");
            }
            return current.toBuilder().status(ImageStatus.SAVING).updatedAt(ImageRules.now()).build();
        });
    }

    private Image receive(Image saving, ImageStore store, InputStream data, UploadOptions opt, long cap,
                          UploadPipeline.Allowance allowance, WriteIntents.Intent intent) {
        String imageId = saving.id();
        ImageWriter writer = null;
        StoreLocation committed = null;
        boolean activationOwnsData = false;
        try {
            try {
                writer = store.openWriter(imageId, opt.declaredSize());
            } catch (IOException e) {
                throw new BackendUnavailableException("store '" + store.id() + "' cannot accept image " + imageId
                        + ": " + e.getMessage(), e);
            }
            UploadPipeline.Result r = core.pipeline().run(imageId, data, writer, cap, opt.declaredSize(),
                    opt.progressListener(), allowance, core.formatCheck().sessionFor(saving));
            if (opt.declaredSize() >= 0 && r.size() != opt.declaredSize()) {
                throw new InvalidInputException("size mismatch for image " + imageId + ": received " + r.size()
                        + " bytes, declared " + opt.declaredSize());
            }
            if (opt.declaredChecksum() != null && !opt.declaredChecksum().equalsIgnoreCase(r.md5())) {
                throw new InvalidInputException("checksum mismatch for image " + imageId + ": the data's md5 is "
                        + r.md5() + ", declared " + opt.declaredChecksum());
            }
            if (opt.declaredOsHashValue() != null && !opt.declaredOsHashValue().equalsIgnoreCase(r.hash())) {
                throw new InvalidInputException("os_hash_value mismatch for image " + imageId + ": the data's "
                        + core.config().hashAlgo() + " is " + r.hash() + ", declared " + opt.declaredOsHashValue());
            }
            Long virtualSize = core.formatCheck().decide(saving, r.format());
            try {
                committed = writer.commit();
            } catch (IOException e) {
                throw new BackendUnavailableException("store '" + store.id() + "' failed to commit image " + imageId
                        + ": " + e.getMessage(), e);
            }
            intent.ensureAlive();
            activationOwnsData = true; // from here on activate() owns the committed data on its own failure paths
            return activate(imageId, r, virtualSize, committed);
        } catch (RuntimeException | Error e) {
            if (committed == null && writer != null) {
                try {
                    writer.abort();
                } catch (RuntimeException abortFailure) {
                    LOG.warn("aborting the write of image {} failed", imageId, abortFailure);
                    e.addSuppressed(abortFailure);
                }
            } else if (committed != null && !activationOwnsData) {
                core.deleteQuietly(committed);
            }
            restoreQueued(imageId);
            throw e;
        }
    }

    /** saving -> active with the data's facts; if the image was deleted meanwhile, its data is removed. */
    private Image activate(String imageId, UploadPipeline.Result r, Long virtualSize, StoreLocation location) {
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() == ImageStatus.DELETED
                        || current.status() == ImageStatus.PENDING_DELETE) {
                    core.deleteQuietly(location);
                    throw new NotFoundException("image " + imageId + " was deleted during the upload; its data was removed");
                }
                if (current.status() != ImageStatus.SAVING) {
                    core.deleteQuietly(location);
                    throw new ConflictException("image " + imageId + " left status saving during the upload (it is "
                            + current.status() + "); its data was removed");
                }
                Image active = current.toBuilder().status(ImageStatus.ACTIVE).size(r.size()).virtualSize(virtualSize).checksum(r.md5())
                        .osHashAlgo(core.config().hashAlgo()).osHashValue(r.hash()).locations(List.of(location))
                        .updatedAt(ImageRules.now()).build();
                try {
                    return repo.update(active);
                } catch (ConflictException e) {
                    LOG.debug("image {} changed during upload, retrying activation", imageId);
                }
            }
            core.deleteQuietly(location);
            throw new ConflictException("image " + imageId + " keeps changing concurrently; upload abandoned");
        } catch (RuntimeException e) {
            core.deleteQuietly(location); // idempotent: harmless where already removed above
            throw e;
        }
    }

    /** Any upload failure: saving -> queued with the data fields cleared (Glance's {@code _restore}). */
    private void restoreQueued(String imageId) {
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() != ImageStatus.SAVING) {
                    return;
                }
                try {
                    repo.update(current.toBuilder().status(ImageStatus.QUEUED).clearData()
                            .updatedAt(ImageRules.now()).build());
                    return;
                } catch (ConflictException e) {
                    LOG.debug("image {} changed while restoring it to queued, retrying", imageId);
                }
            }
            LOG.error("could not return image {} to queued; start-up recovery will", imageId);
        } catch (RuntimeException e) {
            LOG.error("could not return image {} to queued; start-up recovery will", imageId, e);
        }
    }

    // ------------------------------------------------------------------ download

    @Override
    public ImageData download(String imageId, DownloadOptions options) {
        DownloadOptions opt = options == null ? DownloadOptions.whole() : options;
        Seen seen = visible(imageId);
        Image image = seen.image();
        authorize(Policy.DOWNLOAD_IMAGE, seen, "download");
        if (image.status() == ImageStatus.DEACTIVATED && !ctx.isAdmin()) {
            throw new ForbiddenException("image " + imageId + " is deactivated; only an administrator may download it");
        }
        if (image.locations().isEmpty() || image.size() == null
                || (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED)) {
            throw new NoImageDataException("image " + imageId + " has no data (status " + image.status() + ")");
        }
        if (opt.verify() && opt.range() != null) {
            throw new InvalidInputException("verify applies to whole-image downloads only, not to range "
                    + opt.range());
        }
        long size = image.size();
        ByteRange.Resolved range = opt.range() == null ? new ByteRange.Resolved(0, size, size)
                : opt.range().resolve(size);
        RuntimeException last = null;
        for (StoreLocation loc : image.locations()) {
            ImageStore store = core.stores().get(loc.storeId());
            if (store == null) {
                last = new BackendUnavailableException("image " + imageId + " is in store '" + loc.storeId()
                        + "', which this catalog does not configure");
                continue;
            }
            InputStream in;
            try {
                in = store.openStream(loc, range.offset(), range.length());
            } catch (NotFoundException e) {
                last = new BackendUnavailableException("the data of image " + imageId + " is missing from store '"
                        + loc.storeId() + "'", e);
                continue;
            } catch (IOException e) {
                last = new BackendUnavailableException("store '" + loc.storeId() + "' failed to open image " + imageId
                        + ": " + e.getMessage(), e);
                continue;
            } catch (ImageCatalogException e) {
                last = e;
                continue;
            }
            if (opt.verify()) {
                in = new VerifyingInputStream(imageId, in, digest("MD5"),
                        image.osHashAlgo() == null ? null : digest(CatalogConfig.jcaName(image.osHashAlgo())),
                        size, image.checksum(), image.osHashValue());
            }
            if (events.hasListeners()) {
                in = new SendCounting(in, image, range.length());
            }
            return new ImageData(imageId, in, range, image.checksum(), image.osHashAlgo(), image.osHashValue());
        }
        throw last;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new BackendUnavailableException("this JVM lacks the digest " + name + " needed to verify the image", e);
        }
    }

    /** Counts the bytes a download sends and publishes {@code image.send} when it is closed. */
    private final class SendCounting extends FilterInputStream {
        private final Image image;
        private final long expected;
        private long sent;
        private final AtomicBoolean closed = new AtomicBoolean();

        SendCounting(InputStream in, Image image, long expected) {
            super(in);
            this.image = image;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                sent++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                sent += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return super.skip(n);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (closed.compareAndSet(false, true)) {
                    Map<String, Object> p = new java.util.LinkedHashMap<>();
                    p.put("bytes_sent", sent);
                    p.put("image_id", image.id());
                    p.put("owner_id", image.owner());
                    p.put("receiver_tenant_id", ctx.projectId());
                    p.put("receiver_user_id", ctx.userId());
                    p.put("complete", sent == expected);
                    events.publish(ImageEvents.SEND, image.id(), p);
                }
            }
        }
    }
}
