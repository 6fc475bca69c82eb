package dev.imagecatalog.image;

import java.time.Instant;
import java.util.Objects;

/**
 * A project's membership of a {@link Visibility#SHARED} image (Glance's member record).
 *
 * @param imageId   the shared image
 * @param memberId  the member project's id
 * @param status    pending on creation; the member accepts or rejects
 * @param createdAt when the member was added
 * @param updatedAt when the status last changed
 */
public record ImageMember(String imageId, String memberId, MemberStatus status, Instant createdAt,
                          Instant updatedAt) {
    /**
     * Checks the components.
     *
     * @param imageId   the shared image, never null
     * @param memberId  the member project's id, never null
     * @param status    the status, never null
     * @param createdAt when the member was added, never null
     * @param updatedAt when the status last changed, never null
     */
    public ImageMember {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * This record with another status and update time.
     *
     * @param newStatus the status
     * @param at        when it changed
     * @return the changed record
     */
    public ImageMember withStatus(MemberStatus newStatus, Instant at) {
        return new ImageMember(imageId, memberId, newStatus, createdAt, at);
    }
}
