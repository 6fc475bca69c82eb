package dev.imagecatalog.server.api;

import dev.imagecatalog.metadef.MetadefTag;
import dev.imagecatalog.metadef.TagMode;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.util.List;
import java.util.Locale;

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
    private final MetadefListPaging<MetadefTag> paging =
            new MetadefListPaging<>("tag", MetadefTag::name, MetadefTag::createdAt, MetadefTag::updatedAt);

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
        List<MetadefTag> tags = paging.page(ex, context.metadefs(ex).listTags(ex.param("namespace")));
        ex.json(200, render.tagNames(tags));
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
