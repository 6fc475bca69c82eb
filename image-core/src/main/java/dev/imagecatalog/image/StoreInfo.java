package dev.imagecatalog.image;

import java.util.Map;
import java.util.Objects;

/**
 * One configured store as {@link ImageService#stores()} describes it (Glance's {@code /v2/info/stores}); the detail
 * ({@link ImageService#storesDetail()}, administrators) adds its type, weight and non-secret properties.
 *
 * @param id          the store's id (the name in {@code stores})
 * @param description {@code store.<id>.description}, or null
 * @param isDefault   whether uploads go here when they name no store
 * @param readOnly    whether the store only serves reads ({@code store.<id>.read-only}, or a store type that cannot
 *                    write, such as {@code http})
 * @param type        the store type ({@code filesystem}, {@code s3}, ...); null outside the detail
 * @param weight      the read preference (higher is read first); 0 outside the detail
 * @param properties  the store's non-secret settings; empty outside the detail
 */
public record StoreInfo(String id, String description, boolean isDefault, boolean readOnly, String type, int weight,
                        Map<String, String> properties) {

    /**
     * Checks and copies the components.
     *
     * @param id          the store's id
     * @param description its description, or null
     * @param isDefault   whether it is the default store
     * @param readOnly    whether it only serves reads
     * @param type        its type, or null
     * @param weight      its read preference
     * @param properties  its non-secret settings
     * @throws NullPointerException if {@code id} or {@code properties} is null
     */
    public StoreInfo {
        Objects.requireNonNull(id, "id");
        properties = Map.copyOf(properties);
    }
}
