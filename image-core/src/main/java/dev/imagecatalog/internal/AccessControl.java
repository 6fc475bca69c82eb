package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.HashMap;
import java.util.Map;

/**
 * One caller's access to images, in Glance's order: visibility (an image the caller may not see is not found,
 * never forbidden), then the policy rule with its target, then ownership; and the property protections through
 * {@link PropertyView} (what the caller may read, create and change of the custom properties). Every part of the
 * image service asks here before it acts.
 */
final class AccessControl {
    /** An image the caller sees, and whether the caller's project is one of its members. */
    record Seen(Image image, boolean member) {
    }

    private final RequestContext ctx;
    private final MetadataRepository repo;
    private final Policy policy;
    private final PropertyView properties;

    AccessControl(RequestContext ctx, MetadataRepository repo, Policy policy, PropertyView properties) {
        this.ctx = ctx;
        this.repo = repo;
        this.policy = policy;
        this.properties = properties;
    }

    /** Who is asking. */
    RequestContext caller() {
        return ctx;
    }

    /** The caller's view of the custom properties (protections). */
    PropertyView properties() {
        return properties;
    }

    /** The policy target of an image rule (Glance's ImageTarget). */
    Map<String, String> target(Image image, String memberId) {
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
        boolean owner = isOwner(image);
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
    Seen visible(String imageId) {
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

    /** {@code rule} on a seen image, else forbidden ({@code what} says what was refused). */
    void authorize(String rule, Seen seen, String what) {
        policy.enforce(rule, ctx, target(seen), what + " image " + seen.image().id());
    }

    /** {@link #visible}, then {@code rule}, then Glance's {@code is_image_mutable}: the checks before a change. */
    Seen toChange(String imageId, String rule, String action) {
        Seen seen = visible(imageId);
        authorize(rule, seen, action);
        checkMutable(seen.image(), action);
        return seen;
    }

    /** Glance's {@code is_image_mutable}: whatever the policy says, only the owner or an admin changes an image. */
    void checkMutable(Image image, String action) {
        ImageRules.checkWrite(ctx, image, action);
    }

    /** Whether {@code rule} allows the caller on {@code image} as member {@code memberId} (may be null). */
    boolean allows(String rule, Image image, String memberId) {
        return policy.allows(rule, ctx, target(image, memberId));
    }

    /**
     * The target of a rule about the caller alone (the Tasks API, the image cache): its project as
     * {@code project_id} and {@code owner}, and its {@code user_id}.
     */
    static Map<String, String> callerTarget(RequestContext ctx) {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", ctx.projectId());
        t.put("owner", ctx.projectId());
        t.put("user_id", ctx.userId());
        return t;
    }

    /** A rule whose target is the caller's own project ({@code get_images}, {@code get_usage}). */
    void authorizeOwnProject(String rule, String what) {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", ctx.projectId());
        t.put("owner", ctx.projectId());
        policy.enforce(rule, ctx, t, what);
    }

    /**
     * The checks of a new image: {@code add_image}, the visibility rule of its visibility, and the protections of
     * the properties it sets.
     */
    void authorizeCreate(Image image) {
        Map<String, String> target = target(image, null);
        policy.enforce(Policy.ADD_IMAGE, ctx, target, "create an image owned by project '" + image.owner() + "'");
        checkVisibilityChange(image.visibility(), target, "create a " + image.visibility() + " image");
        properties.checkCreate(image.properties());
    }

    /** {@code publicize_image} or {@code communitize_image} when an image becomes public or community. */
    void checkVisibilityChange(Visibility to, Image current) {
        checkVisibilityChange(to, target(current, null), "make image " + current.id() + " " + to);
    }

    private void checkVisibilityChange(Visibility to, Map<String, String> target, String what) {
        if (to == Visibility.PUBLIC) {
            policy.enforce(Policy.PUBLICIZE_IMAGE, ctx, target, what);
        } else if (to == Visibility.COMMUNITY) {
            policy.enforce(Policy.COMMUNITIZE_IMAGE, ctx, target, what);
        }
    }

    /**
     * Whether a listed image goes into the caller's page: {@code get_image} with the member the back-end's list
     * implies (a non-admin gets a shared image it does not own only through a membership).
     */
    boolean listable(Image image) {
        boolean member = false;
        if (!isOwner(image) && image.visibility() == Visibility.SHARED) {
            member = !ctx.isAdmin() || repo.findMember(image.id(), ctx.projectId()).isPresent();
        }
        return allows(Policy.GET_IMAGE, image, member ? ctx.projectId() : null);
    }

    /** True if the query filters on a property the caller may not read (so nothing may match). */
    boolean filtersOnUnreadable(ImageQuery query) {
        return properties.filtersOnUnreadable(query);
    }

    /** The image as this caller may read it: properties a protection hides from it are removed. */
    Image redact(Image image) {
        return properties.redact(image);
    }

    /** An administrator or the image's owner: who manages its members. */
    boolean managesMembers(Image image) {
        return ctx.isAdmin() || isOwner(image);
    }

    private boolean isOwner(Image image) {
        return image.owner() != null && image.owner().equals(ctx.projectId());
    }
}
