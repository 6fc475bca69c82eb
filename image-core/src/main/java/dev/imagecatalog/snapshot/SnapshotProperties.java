package dev.imagecatalog.snapshot;

import java.util.Set;

/**
 * Nova's property rules for images made from instances: the keys a snapshot sets and the base image's keys it does
 * not inherit.
 */
public final class SnapshotProperties {
    /** {@code image_type}: {@code snapshot} or {@code backup}. */
    public static final String IMAGE_TYPE = "image_type";
    /** {@code instance_uuid}: the instance the image was made from. */
    public static final String INSTANCE_UUID = "instance_uuid";
    /** {@code base_image_ref}: the image the instance was booted from. */
    public static final String BASE_IMAGE_REF = "base_image_ref";
    /** {@code backup_type}: a backup's rotation group, such as {@code daily}. */
    public static final String BACKUP_TYPE = "backup_type";
    /** {@code user_id}: the user the image was made for. */
    public static final String USER_ID = "user_id";
    /** {@code owner_user_name}. */
    public static final String OWNER_USER_NAME = "owner_user_name";
    /** {@code owner_project_name}. */
    public static final String OWNER_PROJECT_NAME = "owner_project_name";

    /**
     * The base image's keys never inherited: Nova's {@code non_inheritable_image_properties} defaults, its fixed
     * non-inheritable set (the signature and volume-encryption keys) and the keys a snapshot sets itself.
     */
    public static final Set<String> NON_INHERITABLE = Set.of("cache_in_nova", "bittorrent",
            "img_signature", "img_signature_hash_method", "img_signature_key_type", "img_signature_certificate_uuid",
            "cinder_encryption_key_id", "cinder_encryption_key_deletion_policy",
            IMAGE_TYPE, INSTANCE_UUID, BASE_IMAGE_REF, BACKUP_TYPE, USER_ID, OWNER_USER_NAME, OWNER_PROJECT_NAME);

    private SnapshotProperties() {
    }

    /**
     * Whether a base image's property passes to its snapshots: not in {@link #NON_INHERITABLE} and not reserved by
     * Glance ({@code os_glance*}).
     *
     * @param key the property key
     * @return true if a snapshot inherits it
     */
    public static boolean inheritable(String key) {
        return !NON_INHERITABLE.contains(key) && !key.startsWith("os_glance");
    }
}
