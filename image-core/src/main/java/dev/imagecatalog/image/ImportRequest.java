package dev.imagecatalog.image;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ImageService#importImage} is asked to do, as the body of Glance's {@code POST /v2/images/{id}/import}.
 *
 * @param method               the import method
 * @param uri                  the URL to download ({@code web-download} only; null otherwise)
 * @param stores               the stores to import to; empty means the default store (or, with {@code allStores},
 *                             every writable store)
 * @param allStores            every writable store; not together with {@code stores}
 * @param allStoresMustSucceed true (Glance's default): one store failing fails the import and removes what was
 *                             written; false: a failed store is recorded in {@code os_glance_failed_import} and the
 *                             image becomes active with the stores that succeeded
 */
public record ImportRequest(ImportMethod method, String uri, List<String> stores, boolean allStores,
                            boolean allStoresMustSucceed) {

    /**
     * Checks and copies the components.
     *
     * @param method               the import method
     * @param uri                  the URL, or null
     * @param stores               the stores
     * @param allStores            every writable store
     * @param allStoresMustSucceed whether one store failing fails the import
     * @throws NullPointerException if method or stores is null
     */
    public ImportRequest {
        Objects.requireNonNull(method, "method");
        stores = List.copyOf(stores);
    }

    /**
     * A {@code glance-direct} import of the staged data into the default store.
     *
     * @return the request
     */
    public static ImportRequest glanceDirect() {
        return new ImportRequest(ImportMethod.GLANCE_DIRECT, null, List.of(), false, true);
    }

    /**
     * A {@code web-download} import of {@code uri} into the default store.
     *
     * @param uri the URL
     * @return the request
     */
    public static ImportRequest webDownload(String uri) {
        return new ImportRequest(ImportMethod.WEB_DOWNLOAD, Objects.requireNonNull(uri, "uri"), List.of(), false,
                true);
    }

    /**
     * A {@code copy-image} import to {@code stores}, all of which must succeed.
     *
     * @param stores the stores to copy to
     * @return the request
     */
    public static ImportRequest copyImage(List<String> stores) {
        return new ImportRequest(ImportMethod.COPY_IMAGE, null, stores, false, true);
    }

    /**
     * This request with other target stores.
     *
     * @param storeIds the stores
     * @return the new request
     */
    public ImportRequest withStores(List<String> storeIds) {
        return new ImportRequest(method, uri, storeIds, allStores, allStoresMustSucceed);
    }

    /**
     * This request with {@code all_stores} and {@code all_stores_must_succeed} set.
     *
     * @param all         every writable store
     * @param mustSucceed whether one store failing fails the import
     * @return the new request
     */
    public ImportRequest withAllStores(boolean all, boolean mustSucceed) {
        return new ImportRequest(method, uri, stores, all, mustSucceed);
    }
}
