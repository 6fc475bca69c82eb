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
     * The base image's property keys a snapshot or backup never inherits: Nova's
     * {@code non_inheritable_image_properties} defaults ({@code cache_in_nova}, {@code bittorrent}); its fixed
     * {@code NON_INHERITABLE_IMAGE_PROPERTIES} (the image signature and volume-encryption keys); the block device
     * mappings Nova never copies into an instance's system metadata ({@code mappings}, {@code block_device_mapping},
     * {@code img_mappings}, {@code img_block_device_mapping}); and the keys a snapshot sets itself ({@code image_type},
     * {@code instance_uuid}, {@code user_id}, {@code backup_type}, {@code owner_user_name},
     * {@code owner_project_name}). {@code base_image_ref} is not listed: it has its own rule
     * ({@link dev.imagecatalog.snapshot.SnapshotService#snapshot}). Keys starting with {@code os_glance} are not
     * inherited either ({@link #inheritable}). The base's checksum, size, os_hash, virtual size, locations, status,
     * visibility, protection and owner are attributes, never properties, and are not carried over.
     */
    public static final Set<String> NON_INHERITABLE = Set.of("cache_in_nova", "bittorrent",
            "img_signature", "img_signature_hash_method", "img_signature_key_type", "img_signature_certificate_uuid",
            "cinder_encryption_key_id", "cinder_encryption_key_deletion_policy",
            "mappings", "block_device_mapping", "img_mappings", "img_block_device_mapping",
            IMAGE_TYPE, INSTANCE_UUID, BACKUP_TYPE, USER_ID, OWNER_USER_NAME, OWNER_PROJECT_NAME);

    /** The prefix of the keys Glance reserves for itself, never inherited: {@value}. */
    public static final String GLANCE_RESERVED_PREFIX = "os_glance";

    private SnapshotProperties() {
    }

    /**
     * Whether a base image's property passes to its snapshots and backups: not in {@link #NON_INHERITABLE}, not
     * {@link #BASE_IMAGE_REF} (which has its own rule) and not reserved by Glance ({@code os_glance*}).
     *
     * @param key the property key
     * @return true if a snapshot inherits it
     */
    public static boolean inheritable(String key) {
        return !NON_INHERITABLE.contains(key) && !BASE_IMAGE_REF.equals(key) && !key.startsWith(GLANCE_RESERVED_PREFIX);
    }
}
