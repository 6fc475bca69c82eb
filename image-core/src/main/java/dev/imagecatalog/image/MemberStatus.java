package dev.imagecatalog.image;

import java.util.Locale;

/** The status of a project's membership of a shared image, as in Glance. */
public enum MemberStatus {
    /** Shared, not yet accepted or rejected by the member. */
    PENDING,
    /** Accepted: the image is in the member's default list. */
    ACCEPTED,
    /** Rejected: the member may still use the image but does not list it by default. */
    REJECTED;

    /** {@return Glance's wire name, e.g. {@code accepted}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
