package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefVisibility;
import dev.imagecatalog.metadef.NamespaceQuery;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /v2/metadefs/namespaces} and {@code /v2/metadefs/namespaces/{namespace}}: list (paged, with
 * {@code first}/{@code next}/{@code schema}), create, show (with {@code ?resource_type=} prefixing), replace,
 * delete, and the deletion of all objects, properties or tags of a namespace.
 */
final class MetadefNamespacesResource {
    private static final String ONE = MetadefRendering.NAMESPACES + "/{namespace}";

    private final ApiContext context;
    private final MetadefRendering render;
    private final MetadefBodies bodies;

    private MetadefNamespacesResource(ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        this.context = context;
        this.render = render;
        this.bodies = bodies;
    }

    static void register(Router router, ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        MetadefNamespacesResource r = new MetadefNamespacesResource(context, render, bodies);
        router.add("GET", MetadefRendering.NAMESPACES, r::list);
        router.add("POST", MetadefRendering.NAMESPACES, r::create);
        router.add("GET", ONE, r::show);
        router.add("PUT", ONE, r::update);
        router.add("DELETE", ONE, ex -> {
            context.metadefs(ex).deleteNamespace(ex.param("namespace"));
            ex.status(204);
        });
        router.add("DELETE", ONE + "/objects", ex -> {
            context.metadefs(ex).deleteObjects(ex.param("namespace"));
            ex.status(204);
        });
        router.add("DELETE", ONE + "/properties", ex -> {
            context.metadefs(ex).deleteProperties(ex.param("namespace"));
            ex.status(204);
        });
        router.add("DELETE", ONE + "/tags", ex -> {
            context.metadefs(ex).deleteTags(ex.param("namespace"));
            ex.status(204);
        });
    }

    private void list(Exchange ex) throws Exception {
        MetadefService metadefs = context.metadefs(ex);
        NamespaceQuery query = query(ex, metadefs);
        Page<MetadefNamespace> page = metadefs.listNamespaces(query);
        ObjectNode body = render.newObject();
        ArrayNode items = body.putArray("namespaces");
        page.items().forEach(ns -> items.add(render.namespaceBase(ns, true)));
        // as Glance, the last value of a repeated parameter
        Map<String, List<String>> params = new LinkedHashMap<>();
        ex.query().forEach((k, v) -> params.put(k, List.of(v.isEmpty() ? "" : v.get(v.size() - 1))));
        body.put("first", ListLinks.first(MetadefRendering.NAMESPACES, params));
        body.put("schema", "/v2/schemas/metadefs/namespaces");
        page.nextMarker().ifPresent(m -> body.put("next", ListLinks.next(MetadefRendering.NAMESPACES, params, m)));
        ex.json(200, body);
    }

    /** Glance's list parameters: limit (capped at the maximum), marker (404 if unseen), sort, filters. */
    private static NamespaceQuery query(Exchange ex, MetadefService metadefs) {
        NamespaceQuery.Builder b = NamespaceQuery.builder();
        Integer limit = MetadefListPaging.limit(ex);
        if (limit != null) {
            b.limit(Math.max(1, Math.min(NamespaceQuery.MAX_LIMIT, limit)));
        }
        String sortDir = ex.queryFirst("sort_dir");
        if (sortDir != null && !sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw HttpError.badRequest("Invalid sort direction: " + sortDir);
        }
        b.ascending("asc".equals(sortDir));
        String sortKey = ex.queryFirst("sort_key");
        if (sortKey != null) {
            try {
                b.sortKey(NamespaceQuery.SortKey.valueOf(sortKey.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("Invalid sort key: " + sortKey);
            }
        }
        String visibility = ex.queryFirst("visibility");
        if (visibility != null && !visibility.isEmpty()) {
            if (!visibility.equals("public") && !visibility.equals("private")) {
                throw HttpError.badRequest("Invalid visibility value: " + visibility);
            }
            b.visibility(MetadefVisibility.parse(visibility));
        }
        String resourceTypes = ex.queryFirst("resource_types");
        if (resourceTypes != null && !resourceTypes.isBlank()) {
            List<String> names = new ArrayList<>();
            for (String s : resourceTypes.split(",")) {
                if (!s.isBlank()) {
                    names.add(s.trim());
                }
            }
            b.resourceTypes(names.toArray(String[]::new));
        }
        String marker = ex.queryFirst("marker");
        if (marker != null) {
            metadefs.getNamespace(marker);
            b.marker(marker);
        }
        return b.build();
    }

    private void create(Exchange ex) throws Exception {
        MetadefNamespace draft = bodies.namespace(ex.json());
        MetadefNamespace created = context.metadefs(ex).createNamespace(draft);
        ex.setHeader("Location", MetadefRendering.namespaceHref(created.namespace()));
        ex.json(201, render.namespaceDetail(created));
    }

    private void show(Exchange ex) throws Exception {
        String resourceType = ex.queryFirst("resource_type");
        MetadefService metadefs = context.metadefs(ex);
        MetadefNamespace ns = resourceType == null || resourceType.isEmpty()
                ? metadefs.getNamespace(ex.param("namespace"))
                : metadefs.getNamespace(ex.param("namespace"), resourceType);
        ex.json(200, render.namespaceDetail(ns));
    }

    private void update(Exchange ex) throws Exception {
        MetadefNamespace replacement = bodies.namespace(ex.json());
        MetadefNamespace updated = context.metadefs(ex).updateNamespace(ex.param("namespace"), replacement);
        ex.json(200, render.namespaceBase(updated, false));
    }
}
