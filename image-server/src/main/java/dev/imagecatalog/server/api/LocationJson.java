package dev.imagecatalog.server.api;

import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image location as Glance renders it, in an image's {@code locations} and in {@code GET
 * /v2/images/{id}/locations}: {@code {"url": ..., "metadata": {"store": "<store id>"}}}, without Glance's internal
 * {@code id} and {@code status}. The URL is {@link StoreLocation#publicUrl()}: an {@code http} store's external URL,
 * else {@code scheme://store/key}. Only active locations are shown, in the catalog's read order (store weight,
 * highest first), as Glance lists an image's locations.
 */
final class LocationJson {
    private LocationJson() {
    }

    /**
     * The image's active locations, in read order, as the caller may see them.
     *
     * @param images  the caller's image service
     * @param imageId the image's id
     * @return its active locations; empty when the caller may not read them (policy {@code get_image_location}) or
     *         the image is gone, as Glance renders an image whose locations it may not show
     */
    static List<StoreLocation> shown(ImageService images, String imageId) {
        try {
            return active(images.locations(imageId));
        } catch (ForbiddenException | NotFoundException e) {
            return List.of();
        }
    }

    /** {@return the active ones of {@code locations}, in their order} */
    static List<StoreLocation> active(List<ImageLocation> locations) {
        List<StoreLocation> out = new ArrayList<>(locations.size());
        for (ImageLocation l : locations) {
            if (l.isActive()) {
                out.add(l.location());
            }
        }
        return out;
    }

    /** {@return Glance's JSON of each location, in order} */
    static List<Map<String, Object>> render(List<StoreLocation> locations) {
        List<Map<String, Object>> out = new ArrayList<>(locations.size());
        for (StoreLocation l : locations) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", l.publicUrl());
            m.put("metadata", Map.of("store", l.storeId()));
            out.add(m);
        }
        return out;
    }
}
