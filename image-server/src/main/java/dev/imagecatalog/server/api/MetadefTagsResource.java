package dev.imagecatalog.server.api;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.metadef.MetadefTag;
import dev.imagecatalog.metadef.TagMode;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code /v2/metadefs/namespaces/{namespace}/tags[/{tag_name}]}: list (Glance's {@code limit}, {@code marker},
 * {@code sort_key}, {@code sort_dir}), create several ({@code POST .../tags} replaces every tag unless
 * {@code X-Openstack-Append: true}), create one, show, rename, delete.
 */
final class MetadefTagsResource {
    private static final String ALL = MetadefRendering.NAMESPACES + "/{namespace}/tags";
    private static final String ONE = ALL + "/{tag_name}";

    private final ApiContext context;
    private final MetadefRendering render;
    private final MetadefBodies bodies;

    private MetadefTagsResource(ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        this.context = context;
        this.render = render;
        this.bodies = bodies;
    }

    static void register(Router router, ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        MetadefTagsResource r = new MetadefTagsResource(context, render, bodies);
        router.add("GET", ALL, r::list);
        router.add("POST", ALL, r::createSeveral);
        router.add("POST", ONE, ex -> ex.json(201,
                render.tag(context.metadefs(ex).createTag(ex.param("namespace"), ex.param("tag_name")))));
        router.add("GET", ONE, ex -> ex.json(200,
                render.tag(context.metadefs(ex).getTag(ex.param("namespace"), ex.param("tag_name")))));
        router.add("PUT", ONE, r::rename);
        router.add("DELETE", ONE, ex -> {
            context.metadefs(ex).deleteTag(ex.param("namespace"), ex.param("tag_name"));
            ex.status(204);
        });
    }

    private void list(Exchange ex) throws Exception {
        List<MetadefTag> tags = new ArrayList<>(context.metadefs(ex).listTags(ex.param("namespace")));
        String sortDir = ex.queryFirst("sort_dir");
        if (sortDir != null && !sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw HttpError.badRequest("Invalid sort direction: " + sortDir);
        }
        Comparator<MetadefTag> order = order(ex.queryFirst("sort_key"));
        tags.sort("asc".equals(sortDir) ? order : order.reversed());
        String marker = ex.queryFirst("marker");
        if (marker != null && !marker.isEmpty()) {
            int at = tags.stream().map(MetadefTag::name).toList().indexOf(marker);
            if (at < 0) {
                throw new NotFoundException("Metadata tag " + marker + " not found");
            }
            tags = tags.subList(at + 1, tags.size());
        }
        String limit = ex.queryFirst("limit");
        if (limit != null && !limit.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("limit param must be an integer");
            }
            if (n < 0) {
                throw HttpError.badRequest("limit param must be positive");
            }
            tags = tags.subList(0, Math.min(n, tags.size()));
        }
        ex.json(200, render.tagNames(tags));
    }

    /** The order of a sort key (Glance's default {@code created_at}), ties broken by name. */
    private static Comparator<MetadefTag> order(String sortKey) {
        String key = sortKey == null ? "created_at" : sortKey.toLowerCase(Locale.ROOT);
        Function<MetadefTag, Instant> time = switch (key) {
            case "created_at" -> MetadefTag::createdAt;
            case "updated_at" -> MetadefTag::updatedAt;
            case "name" -> null;
            default -> throw HttpError.badRequest("Invalid sort key: " + sortKey);
        };
        Comparator<MetadefTag> byName = Comparator.comparing(MetadefTag::name);
        return time == null ? byName
                : Comparator.comparing(time, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byName);
    }

    private void createSeveral(Exchange ex) throws Exception {
        List<String> names = bodies.tagNames(ex.json());
        String append = ex.header("X-Openstack-Append");
        TagMode mode = append != null && isTrue(append) ? TagMode.APPEND : TagMode.REPLACE;
        context.metadefs(ex).createTags(ex.param("namespace"), names, mode);
        ex.json(201, render.tagNames(names.stream().map(MetadefTag::of).toList()));
    }

    /** oslo's {@code bool_from_string}: true for 1, t, true, on, y, yes (any case). */
    private static boolean isTrue(String v) {
        return List.of("1", "t", "true", "on", "y", "yes").contains(v.trim().toLowerCase(Locale.ROOT));
    }

    private void rename(Exchange ex) throws Exception {
        String newName = bodies.tagName(ex.json());
        ex.json(200, render.tag(context.metadefs(ex).updateTag(ex.param("namespace"), ex.param("tag_name"),
                newName)));
    }
}
