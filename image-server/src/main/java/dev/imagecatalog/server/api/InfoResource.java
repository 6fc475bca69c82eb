package dev.imagecatalog.server.api;

import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The discovery documents under {@code /v2/info}: {@code usage} (the caller's project's quotas and their use),
 * {@code import} (the interoperable import methods the catalog offers: none) and {@code stores} (the configured
 * stores, the default one marked).
 */
final class InfoResource {
    private final ApiContext context;
    private final Map<String, Object> stores;

    private InfoResource(ApiContext context) {
        this.context = context;
        this.stores = Map.of("stores", stores(context.catalog().backends().stores().keySet(),
                context.catalog().defaultStoreId()));
    }

    static void register(Router router, ApiContext context) {
        InfoResource r = new InfoResource(context);
        router.add("GET", "/v2/info/usage", r::usage);
        router.add("GET", "/v2/info/import", r::importMethods);
        router.add("GET", "/v2/info/stores", ex -> ex.json(200, r.stores));
    }

    private void usage(Exchange ex) throws Exception {
        Map<String, Object> usage = new LinkedHashMap<>();
        for (QuotaUsage q : context.images(ex).usage()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("limit", q.limit());
            entry.put("usage", q.usage());
            usage.put(q.name(), entry);
        }
        ex.json(200, Map.of("usage", usage));
    }

    private void importMethods(Exchange ex) throws Exception {
        Map<String, Object> methods = new LinkedHashMap<>();
        methods.put("description", "The import methods this catalog offers.");
        methods.put("type", "array");
        methods.put("value", List.of());
        ex.json(200, Map.of("import-methods", methods));
    }

    /**
     * Glance's store list: each store's {@code id}, and {@code "default": "true"} (a string, as Glance sends it) on
     * the store uploads go to. Glance's {@code description} comes from a per-store setting the catalog's stores do
     * not have, so it is never present.
     */
    private static List<Map<String, Object>> stores(Set<String> ids, String defaultId) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("id", id);
            if (id.equals(defaultId)) {
                store.put("default", "true");
            }
            list.add(store);
        }
        return list;
    }

}
