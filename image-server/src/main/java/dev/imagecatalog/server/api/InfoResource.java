package dev.imagecatalog.server.api;

import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The discovery documents under {@code /v2/info}: {@code usage} (the caller's project's quotas and their use),
 * {@code import} (the interoperable import methods the catalog offers, {@code import.methods}), {@code stores} (the configured
 * stores, the default and the read-only ones marked) and {@code stores/detail} (with each store's type, weight and
 * properties; policy {@code stores_info_detail}).
 */
final class InfoResource {
    private final ApiContext context;

    private InfoResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        InfoResource r = new InfoResource(context);
        router.add("GET", "/v2/info/usage", r::usage);
        router.add("GET", "/v2/info/import", r::importMethods);
        router.add("GET", "/v2/info/stores", ex -> ex.json(200, stores(r.context.images(ex).stores(), false)));
        router.add("GET", "/v2/info/stores/detail",
                ex -> ex.json(200, stores(r.context.images(ex).storesDetail(), true)));
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
        methods.put("description", "Import methods available.");
        methods.put("type", "array");
        methods.put("value", importMethodNames(context));
        ex.json(200, Map.of("import-methods", methods));
    }

    /** {@return Glance's names of the import methods the catalog offers, in the order configured} */
    static List<String> importMethodNames(ApiContext context) {
        List<String> names = new ArrayList<>();
        for (ImportMethod method : context.catalog().importMethods()) {
            names.add(method.glanceName());
        }
        return names;
    }

    /**
     * Glance's store list ({@code discovery.py get_stores}, {@code get_stores_detail}), in its key order: each
     * store's {@code id}, its {@code description} when it has one, {@code "default": "true"} on the store uploads go
     * to and {@code "read-only": "true"} on a store that only serves reads (strings, as Glance sends them; absent
     * otherwise); the detail adds {@code type}, {@code properties} (the store's non-secret settings, as strings) and
     * {@code weight} (a number).
     */
    private static Map<String, Object> stores(List<StoreInfo> infos, boolean detail) {
        List<Map<String, Object>> list = new ArrayList<>(infos.size());
        for (StoreInfo info : infos) {
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("id", info.id());
            if (info.description() != null && !info.description().isEmpty()) {
                store.put("description", info.description());
            }
            if (info.isDefault()) {
                store.put("default", "true");
            }
            if (info.readOnly()) {
                store.put("read-only", "true");
            }
            if (detail) {
                store.put("type", info.type());
                store.put("properties", new TreeMap<>(info.properties()));
                store.put("weight", info.weight());
            }
            list.add(store);
        }
        return Map.of("stores", list);
    }
}
