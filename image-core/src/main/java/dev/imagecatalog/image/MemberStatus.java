package dev.imagecatalog.image;

import java.util.Locale;

/** The status of a project's membership of a shared image, as in Glance. */
public enum MemberStatus {
    PENDING, ACCEPTED, REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
