package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.event.CatalogEventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The tags of a namespace: create one or several (appending or replacing), read, list, rename, delete. */
final class TagCrud {
    private final MetadefStore store;
    private final MetadefEvents events;

    TagCrud(MetadefStore store, MetadefEvents events) {
        this.store = store;
        this.events = events;
    }

    MetadefTag create(String namespace, String name) {
        return create(namespace, List.of(name), TagMode.APPEND, MetadefRule.ADD_METADEF_TAG).get(0);
    }

    List<MetadefTag> create(String namespace, List<String> names, TagMode mode) {
        return create(namespace, names, mode, MetadefRule.ADD_METADEF_TAGS);
    }

    private List<MetadefTag> create(String namespace, List<String> names, TagMode mode, MetadefRule rule) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(mode, "mode");
        MetadefValidator.checkTagNames(names, "tag name");
        Instant now = store.now();
        List<MetadefTag> created = names.stream().map(n -> new MetadefTag(n, now, now)).toList();
        boolean[] hadTags = new boolean[1];
        store.update(namespace, rule, "add tags to", ns -> {
            List<MetadefTag> tags = new ArrayList<>();
            hadTags[0] = !ns.tags().isEmpty();
            if (mode == TagMode.APPEND) {
                tags.addAll(ns.tags());
                for (String n : names) {
                    if (ns.tag(n).isPresent()) {
                        throw duplicate(namespace, n);
                    }
                }
            } else if (hadTags[0]) {
                MetadefAccess.requireUnprotected(ns, "replace its tags");
            }
            tags.addAll(created);
            return ns.toBuilder().tags(tags).updatedAt(now).build();
        });
        if (mode == TagMode.REPLACE && hadTags[0]) {
            events.fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS, MetadefEvents.payload(namespace, null));
        }
        for (MetadefTag t : created) {
            events.fire(CatalogEventTypes.METADEF_TAG_CREATE, MetadefEvents.payload(namespace, t.name()));
        }
        return created;
    }

    MetadefTag get(String namespace, String name) {
        return store.read(namespace, MetadefRule.GET_METADEF_TAG, "read a tag of").tag(name)
                .orElseThrow(() -> MetadefStore.notFound(namespace, "tag", name));
    }

    List<MetadefTag> list(String namespace) {
        List<MetadefTag> tags = new ArrayList<>(store.read(namespace, MetadefRule.GET_METADEF_TAGS,
                "list the tags of").tags());
        tags.sort(Comparator.comparing(MetadefTag::name));
        return tags;
    }

    MetadefTag rename(String namespace, String name, String newName) {
        MetadefValidator.checkName(newName, "tag name");
        MetadefTag[] result = new MetadefTag[1];
        store.update(namespace, MetadefRule.MODIFY_METADEF_TAG, "modify a tag of", ns -> {
            MetadefTag current = ns.tag(name).orElseThrow(() -> MetadefStore.notFound(namespace, "tag", name));
            if (!name.equals(newName) && ns.tag(newName).isPresent()) {
                throw duplicate(namespace, newName);
            }
            Instant now = store.now();
            result[0] = new MetadefTag(newName, current.createdAt(), now);
            return ns.toBuilder().tags(NamedLists.replace(ns.tags(), MetadefTag::name, name, result[0]))
                    .updatedAt(now).build();
        });
        Map<String, Object> payload = MetadefEvents.payload(namespace, newName);
        payload.put("name_old", name);
        events.fire(CatalogEventTypes.METADEF_TAG_UPDATE, payload);
        return result[0];
    }

    void delete(String namespace, String name) {
        store.update(namespace, MetadefRule.DELETE_METADEF_TAG, "delete a tag of", ns -> {
            ns.tag(name).orElseThrow(() -> MetadefStore.notFound(namespace, "tag", name));
            MetadefAccess.requireUnprotected(ns, "delete its tag '" + name + "'");
            return ns.toBuilder().tags(NamedLists.remove(ns.tags(), MetadefTag::name, name)).updatedAt(store.now())
                    .build();
        });
        events.fire(CatalogEventTypes.METADEF_TAG_DELETE, MetadefEvents.payload(namespace, name));
    }

    private static ConflictException duplicate(String namespace, String name) {
        return new ConflictException("metadef tag '" + name + "' already exists in namespace '" + namespace + "'");
    }
}
