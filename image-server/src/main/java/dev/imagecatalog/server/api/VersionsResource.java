package dev.imagecatalog.server.api;

import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The version documents: {@code GET /versions} (200) and {@code GET /} (300 Multiple Choices), anonymous, listing the
 * v2 minor versions Glance lists for a deployment with multiple stores ({@code enabled_backends}: the server always
 * serves the store routes, {@code X-Image-Meta-Store} and {@code OpenStack-image-store-ids}): 2.8 to 2.13 among
 * them, so clients use the multi-store calls and an image's tasks (2.12). With the catalog's image cache on
 * ({@code cache.enabled}, Glance's {@code image_cache_dir}) it adds the cache API's 2.14, 2.16 and 2.18, and 2.18 is
 * CURRENT; without it 2.17 is.
 */
final class VersionsResource {
    /** Newest first; the first is CURRENT. */
    static final List<String> WITHOUT_CACHE = List.of("2.17", "2.15", "2.13", "2.12", "2.11", "2.10",
            "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2",
            "2.1", "2.0");
    /** Newest first; the first is CURRENT. */
    static final List<String> WITH_CACHE = List.of("2.18", "2.17", "2.16", "2.15", "2.14", "2.13", "2.12", "2.11",
            "2.10", "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2",
            "2.1", "2.0");

    private VersionsResource() {
    }

    static void register(Router router, ApiContext context) {
        List<String> versions = context.catalog().cacheEnabled() ? WITH_CACHE : WITHOUT_CACHE;
        router.addAnonymous("GET", "/versions", ex -> ex.json(200, document(ex, versions)));
        router.addAnonymous("GET", "/", ex -> ex.json(300, document(ex, versions)));
    }

    static Map<String, Object> document(Exchange ex, List<String> ids) {
        String href = ex.hostUrl() + "/v2/";
        List<Map<String, Object>> versions = new ArrayList<>();
        for (String v : ids) {
            versions.add(Map.of("id", "v" + v, "status", v.equals(ids.get(0)) ? "CURRENT" : "SUPPORTED",
                    "links", List.of(Map.of("rel", "self", "href", href))));
        }
        return Map.of("versions", versions);
    }
}
