package dev.imagecatalog.image;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of an image, with exactly Glance v2's legal transitions
 * ({@code glance/domain/__init__.py Image.valid_state_targets}).
 *
 * <pre>
 * queued         -> saving, uploading, importing, active, deleted
 * saving         -> active, killed, deleted, queued
 * uploading      -> importing, queued, deleted
 * importing      -> active, deleted, queued
 * active         -> pending_delete, deleted, deactivated
 * killed         -> deleted
 * pending_delete -> deleted, active
 * deleted        -> (terminal)
 * deactivated    -> active, deleted
 * </pre>
 */
public enum ImageStatus {
    /** Created, no data yet. */
    QUEUED,
    /** Data being uploaded. */
    SAVING,
    /** Data uploaded and verified; the image can be used. */
    ACTIVE,
    /** An upload failed (Glance's error status); the image can only be deleted. */
    KILLED,
    /** Deleted (terminal). */
    DELETED,
    /** Deleted with delayed delete: the data stays until the scrubber removes it (or the image is restored). */
    PENDING_DELETE,
    /** Data kept but not downloadable, except by an administrator. */
    DEACTIVATED,
    /** Data staged for an import (Glance's interoperable import). */
    UPLOADING,
    /** Being imported (Glance's interoperable import). */
    IMPORTING;

    private Set<ImageStatus> next;

    static {
        QUEUED.next = EnumSet.of(SAVING, UPLOADING, IMPORTING, ACTIVE, DELETED);
        SAVING.next = EnumSet.of(ACTIVE, KILLED, DELETED, QUEUED);
        UPLOADING.next = EnumSet.of(IMPORTING, QUEUED, DELETED);
        IMPORTING.next = EnumSet.of(ACTIVE, DELETED, QUEUED);
        ACTIVE.next = EnumSet.of(PENDING_DELETE, DELETED, DEACTIVATED);
        KILLED.next = EnumSet.of(DELETED);
        PENDING_DELETE.next = EnumSet.of(DELETED, ACTIVE);
        DELETED.next = EnumSet.noneOf(ImageStatus.class);
        DEACTIVATED.next = EnumSet.of(ACTIVE, DELETED);
        for (ImageStatus s : values()) {
            s.next = Collections.unmodifiableSet(s.next);
        }
    }

    /** {@return the statuses this one may legally move to} */
    public Set<ImageStatus> legalNext() {
        return next;
    }

    /**
     * Whether moving from this status to another is legal.
     *
     * @param target the status to move to
     * @return true if the move is legal
     */
    public boolean canTransitionTo(ImageStatus target) {
        return next.contains(target);
    }

    /** {@return Glance's wire name, e.g. {@code pending_delete}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status for a Glance wire name.
     *
     * @param name the wire name, e.g. {@code pending_delete}
     * @return the status, or null if there is none (Glance does not validate status filters)
     */
    public static ImageStatus fromWireName(String name) {
        if (name == null) {
            return null;
        }
        for (ImageStatus s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
