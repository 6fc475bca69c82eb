package dev.imagecatalog.internal;

import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Glance's image event types (as {@link CatalogEventTypes} names them) and payloads (glance/notifier.py {@code format_image_notification} and friends). */
final class ImageEvents {
    static final String CREATE = CatalogEventTypes.IMAGE_CREATE;
    static final String UPDATE = CatalogEventTypes.IMAGE_UPDATE;
    static final String UPLOAD = CatalogEventTypes.IMAGE_UPLOAD;
    static final String ACTIVATE = CatalogEventTypes.IMAGE_ACTIVATE;
    static final String DEACTIVATE = CatalogEventTypes.IMAGE_DEACTIVATE;
    static final String REACTIVATE = CatalogEventTypes.IMAGE_REACTIVATE;
    static final String DELETE = CatalogEventTypes.IMAGE_DELETE;
    static final String PREPARE = CatalogEventTypes.IMAGE_PREPARE;
    static final String SEND = CatalogEventTypes.IMAGE_SEND;
    static final String MEMBER_CREATE = CatalogEventTypes.IMAGE_MEMBER_CREATE;
    static final String MEMBER_UPDATE = CatalogEventTypes.IMAGE_MEMBER_UPDATE;
    static final String MEMBER_DELETE = CatalogEventTypes.IMAGE_MEMBER_DELETE;

    private ImageEvents() {
    }

    /** The image payload; locations are never included. */
    static Map<String, Object> payload(Image i, boolean deleted) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", i.id());
        p.put("name", i.name());
        p.put("status", i.status().wireName());
        p.put("created_at", i.createdAt().toString());
        p.put("updated_at", i.updatedAt().toString());
        p.put("min_disk", i.minDisk());
        p.put("min_ram", i.minRam());
        p.put("protected", i.isProtected());
        p.put("checksum", i.checksum());
        p.put("owner", i.owner());
        p.put("disk_format", i.diskFormat());
        p.put("container_format", i.containerFormat());
        p.put("size", i.size());
        p.put("virtual_size", i.virtualSize());
        p.put("is_public", i.visibility() == dev.imagecatalog.image.Visibility.PUBLIC);
        p.put("visibility", i.visibility().wireName());
        p.put("properties", java.util.Collections.unmodifiableMap(new LinkedHashMap<>(i.properties())));
        p.put("tags", java.util.List.copyOf(new ArrayList<>(i.tags())));
        p.put("deleted", deleted);
        p.put("deleted_at", deleted ? i.updatedAt().toString() : null);
        return p;
    }

    static Map<String, Object> withBackend(Image i, String backend) {
        Map<String, Object> p = payload(i, false);
        p.put("backend", backend);
        p.put("os_glance_importing_to_stores", java.util.List.of());
        p.put("os_glance_failed_import", java.util.List.of());
        return p;
    }

    static Map<String, Object> member(ImageMember m, boolean deleted) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("image_id", m.imageId());
        p.put("member_id", m.memberId());
        p.put("status", m.status().wireName());
        p.put("created_at", m.createdAt().toString());
        p.put("updated_at", m.updatedAt().toString());
        p.put("deleted", deleted);
        p.put("deleted_at", deleted ? m.updatedAt().toString() : null);
        return p;
    }
}
