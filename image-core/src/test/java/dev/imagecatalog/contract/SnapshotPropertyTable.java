package dev.imagecatalog.contract;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link SnapshotContract}'s inheritance table: each property a base image carries, and what its snapshot holds
 * under that key (the base's value when Nova inherits it, the snapshot's own value when Nova sets the key itself,
 * absent otherwise). {@code $instance} stands for the instance's uuid. Keys are written out here, not taken from
 * {@code SnapshotProperties}, so a wrong constant there fails the table.
 */
final class SnapshotPropertyTable {
    private SnapshotPropertyTable() {
    }

    /** {@return the rows: key, value on the base, value expected on its snapshot (null: absent)} */
    static Stream<Arguments> rows() {
        return Stream.of(
                // inherited
                Arguments.of("os_distro", "ubuntu", "ubuntu"),
                Arguments.of("os_version", "22.04", "22.04"),
                Arguments.of("architecture", "x86_64", "x86_64"),
                Arguments.of("hw_disk_bus", "virtio", "virtio"),
                Arguments.of("hw_vif_model", "e1000", "e1000"),
                Arguments.of("hw_machine_type", "q35", "q35"),
                Arguments.of("hw_qemu_guest_agent", "yes", "yes"),
                Arguments.of("os_require_quiesce", "yes", "yes"),
                Arguments.of("img_config_drive", "mandatory", "mandatory"),
                Arguments.of("site_tier", "gold", "gold"),
                // Nova's non_inheritable_image_properties defaults
                Arguments.of("cache_in_nova", "True", null),
                Arguments.of("bittorrent", "True", null),
                // signature and volume-encryption keys
                Arguments.of("img_signature", "c2lnbmF0dXJl", null),
                Arguments.of("img_signature_hash_method", "SHA-256", null),
                Arguments.of("img_signature_key_type", "RSA-PSS", null),
                Arguments.of("img_signature_certificate_uuid", "3a1b8f1e-0000-4000-8000-000000000001", null),
                Arguments.of("cinder_encryption_key_id", "3a1b8f1e-0000-4000-8000-000000000002", null),
                Arguments.of("cinder_encryption_key_deletion_policy", "on_image_deletion", null),
                // block device mappings Nova never copies
                Arguments.of("mappings", "[]", null),
                Arguments.of("block_device_mapping", "[]", null),
                Arguments.of("img_mappings", "[]", null),
                Arguments.of("img_block_device_mapping", "[]", null),
                // reserved by Glance (set on the base through the repository: the API refuses them)
                Arguments.of("os_glance_failed_import", "a", null),
                Arguments.of("os_glance_example", "x", null),
                // the keys a snapshot sets itself: its own value, never the base's
                Arguments.of("image_type", "backup", "snapshot"),
                Arguments.of("instance_uuid", "base-instance", "$instance"),
                // Nova's rule: the base's own base_image_ref (the image it was made from), else the base's id
                Arguments.of("base_image_ref", "base-of-base", "base-of-base"),
                Arguments.of("backup_type", "weekly", null),
                Arguments.of("user_id", "base-user", "alice"),
                Arguments.of("owner_user_name", "base-user-name", null),
                Arguments.of("owner_project_name", "base-project-name", null));
    }
}
