package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.snapshot.SnapshotKind;
import dev.imagecatalog.snapshot.SnapshotProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Every image of one instance a caller can see, read through its image service page by page, newest first
 * ({@code created_at} desc, then id desc: the list's default order and tie-breaker).
 */
final class InstanceImages {
    /** How often a listing restarts when a concurrent delete made its marker unknown. */
    private static final int MARKER_RETRIES = 3;

    private InstanceImages() {
    }

    /**
     * The query for an instance's images.
     *
     * @param instanceUuid the instance
     * @param kind         snapshots or backups, or null for both
     * @param backupType   the backup type, or null for any
     * @return a builder with the property filters set, to add a status filter to
     */
    static ImageQuery.Builder query(String instanceUuid, SnapshotKind kind, String backupType) {
        ImageQuery.Builder q = ImageQuery.builder().property(SnapshotProperties.INSTANCE_UUID, instanceUuid);
        if (kind != null) {
            q.property(SnapshotProperties.IMAGE_TYPE, kind.value());
        }
        if (backupType != null) {
            q.property(SnapshotProperties.BACKUP_TYPE, backupType);
        }
        return q;
    }

    /**
     * Every page of {@code query}, keeping the images whose {@code image_type} is one of Nova's two values. A page
     * whose marker a concurrent delete purged (invalid input) restarts the listing, a few times at most.
     *
     * @param images the caller's image service
     * @param query  the filters
     * @return the images, in the query's order
     */
    static List<Image> all(ImageService images, ImageQuery query) {
        for (int attempt = 1; ; attempt++) {
            List<Image> found = new ArrayList<>();
            String marker = null;
            try {
                do {
                    Page<Image> page = images.list(query.toBuilder().marker(marker).build());
                    page.items().stream().filter(InstanceImages::isSnapshotOrBackup).forEach(found::add);
                    marker = page.nextMarker().orElse(null);
                } while (marker != null);
                return found;
            } catch (InvalidInputException e) {
                if (marker == null || attempt >= MARKER_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private static boolean isSnapshotOrBackup(Image image) {
        String type = image.properties().get(SnapshotProperties.IMAGE_TYPE);
        return SnapshotKind.SNAPSHOT.value().equals(type) || SnapshotKind.BACKUP.value().equals(type);
    }
}
