package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of shared images for one caller (Glance's image members): the owner or an admin adds and removes
 * them, a member accepts or rejects its own membership, and a member sees only its own record. Limited by
 * {@code limit.image-members}.
 */
final class ImageMembers {
    private final AccessControl access;
    private final MetadataRepository repo;
    private final QuotaLedger quotas;
    private final int maxMembers;
    private final EventBus events;

    ImageMembers(AccessControl access, MetadataRepository repo, QuotaLedger quotas, int maxMembers, EventBus events) {
        this.access = access;
        this.repo = repo;
        this.quotas = quotas;
        this.maxMembers = maxMembers;
        this.events = events;
    }

    ImageMember add(String imageId, String memberId) {
        checkMemberId(memberId);
        AccessControl.Seen seen = access.visible(imageId);
        Image image = seen.image();
        access.authorize(Policy.ADD_MEMBER, seen, "add members to");
        access.checkMutable(image, "add members to");
        requireShared(image);
        Instant now = ImageRules.now();
        ImageMember member = new ImageMember(image.id(), memberId, MemberStatus.PENDING, now, now);
        synchronized (quotas.imageLock(image.id())) {
            if (repo.findMember(image.id(), memberId).isPresent()) {
                throw new ConflictException("project " + memberId + " is already a member of image " + image.id());
            }
            int count = repo.listMembers(image.id()).size();
            if (count + 1 > maxMembers) {
                throw new TooLargeException("quota exceeded: image " + image.id() + " has " + count
                        + " members; the limit is " + maxMembers);
            }
            repo.addMember(member);
        }
        events.publish(ImageEvents.MEMBER_CREATE, image.id(), ImageEvents.member(member, false));
        return member;
    }

    List<ImageMember> list(String imageId) {
        AccessControl.Seen seen = access.visible(imageId);
        Image image = seen.image();
        access.authorize(Policy.GET_MEMBERS, seen, "list the members of");
        requireShared(image);
        List<ImageMember> all = repo.listMembers(image.id());
        if (access.managesMembers(image)) {
            return all;
        }
        String project = access.caller().projectId();
        List<ImageMember> own = new ArrayList<>(1);
        for (ImageMember m : all) {
            if (m.memberId().equals(project)) {
                own.add(m);
            }
        }
        return own;
    }

    ImageMember get(String imageId, String memberId) {
        checkMemberId(memberId);
        AccessControl.Seen seen = access.visible(imageId);
        if (seen.image().visibility() != Visibility.SHARED) {
            // Glance maps the "only shared images have members" Forbidden of a member read to not found
            throw notMember(memberId, imageId);
        }
        return visibleMember(seen.image(), memberId, Policy.GET_MEMBER, "read member " + memberId);
    }

    ImageMember update(String imageId, String memberId, MemberStatus status) {
        checkMemberId(memberId);
        if (status == null) {
            throw new InvalidInputException("status is required: pending, accepted or rejected");
        }
        AccessControl.Seen seen = access.visible(imageId);
        requireShared(seen.image());
        ImageMember current = visibleMember(seen.image(), memberId, Policy.MODIFY_MEMBER,
                "change the status of member " + memberId);
        RequestContext ctx = access.caller();
        if (!ctx.isAdmin() && !memberId.equals(ctx.projectId())) {
            throw new ForbiddenException("only member " + memberId + " may change its status on image " + imageId);
        }
        ImageMember next = repo.updateMember(current.withStatus(status, ImageRules.now()));
        events.publish(ImageEvents.MEMBER_UPDATE, imageId, ImageEvents.member(next, false));
        return next;
    }

    void remove(String imageId, String memberId) {
        checkMemberId(memberId);
        AccessControl.Seen seen = access.visible(imageId);
        Image image = seen.image();
        access.authorize(Policy.DELETE_MEMBER, seen, "remove members of");
        access.checkMutable(image, "remove members of");
        requireShared(image);
        ImageMember m = repo.findMember(image.id(), memberId).orElseThrow(() -> notMember(memberId, image.id()));
        if (!repo.removeMember(image.id(), memberId)) {
            throw notMember(memberId, image.id());
        }
        events.publish(ImageEvents.MEMBER_DELETE, image.id(), ImageEvents.member(m.withStatus(m.status(),
                ImageRules.now()), true));
    }

    /** A member record the caller may see (owner, admin or that member) and {@code rule} allows, else not found. */
    private ImageMember visibleMember(Image image, String memberId, String rule, String what) {
        if (!access.managesMembers(image) && !memberId.equals(access.caller().projectId())) {
            throw notMember(memberId, image.id());
        }
        ImageMember m = repo.findMember(image.id(), memberId).orElseThrow(() -> notMember(memberId, image.id()));
        if (!access.allows(rule, image, memberId)) {
            if (rule.equals(Policy.GET_MEMBER)) {
                throw notMember(memberId, image.id());
            }
            throw new ForbiddenException("policy '" + rule + "' does not allow you to " + what + " of image "
                    + image.id());
        }
        return m;
    }

    private static NotFoundException notMember(String memberId, String imageId) {
        return new NotFoundException("project " + memberId + " is not a member of image " + imageId);
    }

    private static void requireShared(Image image) {
        if (image.visibility() != Visibility.SHARED) {
            throw new ForbiddenException("only shared images have members; image " + image.id() + " is "
                    + image.visibility());
        }
    }

    private static void checkMemberId(String memberId) {
        if (memberId == null || memberId.isEmpty()) {
            throw new InvalidInputException("member is required: a project id");
        }
        ImageRules.checkString("member", memberId);
    }
}
