package dev.imagecatalog.server.api;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image as Glance's v2 API renders it ({@code images.py ResponseSerializer._format_image}): the custom properties
 * that are set, then every base attribute (null when unset), {@code tags} as a list, the relative {@code self},
 * {@code file} and {@code schema} links, times as {@code YYYY-MM-DDTHH:MM:SSZ}. {@code stores} (the ids of the
 * stores that hold the data, comma-separated) appears only when the image has data and the caller may see where it
 * is: a deactivated image hides its locations from everyone but administrators, as Glance does. {@code locations}
 * and {@code direct_url} appear only when the catalog shows them ({@link LocationDisplay}: Glance's
 * {@code show_multiple_locations} and {@code show_image_direct_url}, both off by default): {@code locations} is then
 * the list of the active locations the caller may read (empty when it may not), {@code direct_url} the URL of the
 * first one (absent when there is none), and {@code stores} follows the same list. The properties Glance never
 * returns ({@code os_glance_stage_host}, {@code os_glance_hash_op_host}) are left out.
 *
 * <p>Every resource that answers with an image renders it here.
 */
final class ImageJson {
    /** The schema link of one image. */
    static final String SCHEMA = "/v2/schemas/image";
    /** The schema link of an image list. */
    static final String LIST_SCHEMA = "/v2/schemas/images";

    private static final Set<String> HIDDEN_PROPERTIES = Set.of("os_glance_stage_host", "os_glance_hash_op_host");

    private ImageJson() {
    }

    /**
     * Renders one image for one caller, without its locations.
     *
     * @param image  the image, as the catalog gave it to this caller
     * @param viewer the caller (decides whether a deactivated image's stores show)
     * @return the JSON object, in Glance's key order, ready for the mapper
     */
    static Map<String, Object> render(Image image, RequestContext viewer) {
        return render(image, viewer, LocationDisplay.HIDDEN, List.of());
    }

    /**
     * Renders one image for one caller.
     *
     * @param image     the image, as the catalog gave it to this caller
     * @param viewer    the caller (decides whether a deactivated image's locations show)
     * @param display   whether {@code locations} and {@code direct_url} are shown
     * @param locations the image's active locations the caller may read, in read order
     *                  ({@link LocationJson#shown}); read only when {@code display} shows something
     * @return the JSON object, in Glance's key order, ready for the mapper
     */
    static Map<String, Object> render(Image image, RequestContext viewer, LocationDisplay display,
                                      List<StoreLocation> locations) {
        Map<String, Object> m = new LinkedHashMap<>(32 + image.properties().size() * 2);
        for (Map.Entry<String, String> p : image.properties().entrySet()) {
            if (!HIDDEN_PROPERTIES.contains(p.getKey())) {
                m.put(p.getKey(), p.getValue());
            }
        }
        m.put("name", image.name());
        m.put("disk_format", image.diskFormat());
        m.put("container_format", image.containerFormat());
        m.put("visibility", image.visibility() == null ? null : image.visibility().wireName());
        m.put("size", image.size());
        m.put("virtual_size", image.virtualSize());
        m.put("status", image.status() == null ? null : image.status().wireName());
        m.put("checksum", image.checksum());
        m.put("protected", image.isProtected());
        m.put("min_ram", image.minRam());
        m.put("min_disk", image.minDisk());
        m.put("owner", image.owner());
        m.put("os_hidden", image.osHidden());
        m.put("os_hash_algo", image.osHashAlgo());
        m.put("os_hash_value", image.osHashValue());
        m.put("id", image.id());
        m.put("created_at", GlanceTime.format(image.createdAt()));
        m.put("updated_at", GlanceTime.format(image.updatedAt()));
        boolean hidden = locationsHidden(image, viewer);
        List<String> stores;
        if (display.shown()) {
            List<StoreLocation> visible = hidden ? List.of() : locations;
            if (display.locations()) {
                m.put("locations", LocationJson.render(visible));
            }
            if (display.directUrl() && !visible.isEmpty()) {
                m.put("direct_url", visible.get(0).publicUrl());
            }
            stores = storeIds(visible);
        } else {
            stores = hidden ? List.of() : image.stores();
        }
        m.put("tags", new ArrayList<>(image.tags()));
        m.put("self", href(image.id()));
        m.put("file", fileHref(image.id()));
        m.put("schema", SCHEMA);
        if (!stores.isEmpty()) {
            m.put("stores", String.join(",", stores));
        }
        return m;
    }

    /** {@return the image's relative link, {@code /v2/images/{id}}: its {@code self} and its {@code Location}} */
    static String href(String imageId) {
        return "/v2/images/" + imageId;
    }

    /** {@return the relative link of the image's data, {@code /v2/images/{id}/file}} */
    static String fileHref(String imageId) {
        return href(imageId) + "/file";
    }

    /** Glance hides a deactivated image's locations from everyone but administrators. */
    private static boolean locationsHidden(Image image, RequestContext viewer) {
        return image.status() == ImageStatus.DEACTIVATED && (viewer == null || !viewer.isAdmin());
    }

    private static List<String> storeIds(List<StoreLocation> locations) {
        List<String> ids = new ArrayList<>(locations.size());
        for (StoreLocation l : locations) {
            if (!ids.contains(l.storeId())) {
                ids.add(l.storeId());
            }
        }
        return ids;
    }
}
