package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotKind;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotProperties;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Nova's metadata rule for an image made from an instance: what it inherits from the base image and what it sets.
 * Precedence, lowest first: the base's inheritable properties, then the snapshot's own keys, then the options'
 * extra properties. The attributes (formats, min_disk, min_ram) come from the options, else the base, else the
 * defaults ({@code raw}, {@code bare}, 0).
 */
final class SnapshotDrafts {
    static final String DEFAULT_DISK_FORMAT = "raw";
    static final String DEFAULT_CONTAINER_FORMAT = "bare";

    private SnapshotDrafts() {
    }

    /**
     * The draft of a snapshot or backup. {@code base_image_ref} is the base's own {@code base_image_ref} when it
     * has one (Nova records it at boot that way, so a snapshot of an instance booted from a snapshot names the
     * original image), else the instance's.
     *
     * @param caller     who makes it (its project owns the image unless the instance names one; its user is
     *                   {@code user_id} unless the instance names one)
     * @param instance   the instance
     * @param name       the image's name
     * @param kind       snapshot or backup
     * @param backupType the backup type, or null for a snapshot
     * @param base       the base image as the caller sees it, or empty (none, gone, or not visible)
     * @param options    the overrides
     * @return the draft
     */
    static ImageDraft draft(RequestContext caller, Instance instance, String name, SnapshotKind kind,
                            String backupType, Optional<Image> base, SnapshotOptions options) {
        Map<String, String> props = new TreeMap<>();
        base.ifPresent(b -> b.properties().forEach((k, v) -> {
            if (SnapshotProperties.inheritable(k)) {
                props.put(k, v);
            }
        }));
        props.put(SnapshotProperties.IMAGE_TYPE, kind.value());
        props.put(SnapshotProperties.INSTANCE_UUID, instance.uuid());
        props.put(SnapshotProperties.USER_ID, first(instance.userId(), caller.userId()));
        putIfKnown(props, SnapshotProperties.BACKUP_TYPE, backupType);
        putIfKnown(props, SnapshotProperties.OWNER_USER_NAME, instance.userName());
        putIfKnown(props, SnapshotProperties.OWNER_PROJECT_NAME, instance.projectName());
        putIfKnown(props, SnapshotProperties.BASE_IMAGE_REF,
                base.map(b -> b.properties().get(SnapshotProperties.BASE_IMAGE_REF)).orElse(instance.baseImageRef()));
        props.putAll(options.properties());
        return ImageDraft.builder()
                .name(name)
                .owner(first(instance.projectId(), caller.projectId()))
                .visibility(options.visibility() != null ? options.visibility() : Visibility.PRIVATE)
                .diskFormat(first(options.diskFormat(), fromBase(base, Image::diskFormat), DEFAULT_DISK_FORMAT))
                .containerFormat(first(options.containerFormat(), fromBase(base, Image::containerFormat),
                        DEFAULT_CONTAINER_FORMAT))
                .minDisk(first(options.minDisk(), fromBase(base, Image::minDisk), 0))
                .minRam(first(options.minRam(), fromBase(base, Image::minRam), 0))
                .properties(props)
                .build();
    }

    private static void putIfKnown(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private static <T> T fromBase(Optional<Image> base, Function<Image, T> attribute) {
        return base.map(attribute).orElse(null);
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
