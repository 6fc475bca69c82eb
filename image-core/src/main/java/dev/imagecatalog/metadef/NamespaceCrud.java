package dev.imagecatalog.metadef;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Namespaces: create, read (also as a resource type sees them), list, replace attributes, delete, empty. */
final class NamespaceCrud {
    private final MetadefStore store;
    private final MetadefAccess access;
    private final MetadefEvents events;

    NamespaceCrud(MetadefStore store, MetadefAccess access, MetadefEvents events) {
        this.store = store;
        this.access = access;
        this.events = events;
    }

    MetadefNamespace create(MetadefNamespace draft) {
        Objects.requireNonNull(draft, "draft");
        MetadefValidator.checkNamespace(draft);
        MetadefNamespace stamped = fresh(draft, store.now());
        access.checkCreate(stamped);
        MetadefNamespace stored = store.insert(stamped);
        store.ensureResourceTypes(stored.resourceTypeAssociations());
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_CREATE, MetadefEvents.namespacePayload(stored));
        return stored;
    }

    /** The draft with its owner defaulted to the caller's project. */
    MetadefNamespace owned(MetadefNamespace draft) {
        return draft.owner() != null ? draft : draft.toBuilder().owner(access.context().projectId()).build();
    }

    /** The draft as a new aggregate: {@link #owned}, everything stamped {@code now}. */
    MetadefNamespace fresh(MetadefNamespace draft, Instant now) {
        MetadefNamespace owned = owned(draft);
        return owned.toBuilder().createdAt(now).updatedAt(now).version(0)
                .resourceTypeAssociations(owned.resourceTypeAssociations().stream()
                        .map(a -> a.withTimestamps(now, now)).toList())
                .objects(owned.objects().stream().map(o -> o.toBuilder().createdAt(now).updatedAt(now).build())
                        .toList())
                .tags(owned.tags().stream().map(t -> t.withTimestamps(now, now)).toList())
                .build();
    }

    /** The namespace with its contents; reading the contents takes the rules Glance's show checks. */
    MetadefNamespace get(String namespace) {
        MetadefNamespace ns = store.load(namespace);
        access.require(MetadefRule.LIST_METADEF_RESOURCE_TYPES, ns, "list the resource types of");
        access.require(MetadefRule.GET_METADEF_OBJECTS, ns, "list the objects of");
        access.require(MetadefRule.GET_METADEF_PROPERTIES, ns, "list the properties of");
        access.require(MetadefRule.GET_METADEF_TAGS, ns, "list the tags of");
        return ns;
    }

    MetadefNamespace get(String namespace, String resourceType) {
        MetadefNamespace ns = get(namespace);
        if (resourceType == null) {
            return ns;
        }
        Optional<ResourceTypeAssociation> a = ns.association(resourceType);
        if (a.isEmpty() || a.get().prefixOrEmpty().isEmpty()) {
            return ns;
        }
        String prefix = a.get().prefix();
        return ns.toBuilder()
                .properties(ns.properties().stream().map(p -> p.withName(prefix + p.name())).toList())
                .objects(ns.objects().stream().map(o -> o.toBuilder()
                        .required(o.required().stream().map(r -> prefix + r).toList())
                        .properties(o.properties().stream().map(p -> p.withName(prefix + p.name())).toList())
                        .build()).toList())
                .build();
    }

    Page<MetadefNamespace> list(NamespaceQuery query) {
        Objects.requireNonNull(query, "query");
        access.requireForCaller(MetadefRule.GET_METADEF_NAMESPACES, "list metadef namespaces");
        access.requireForCaller(MetadefRule.LIST_METADEF_RESOURCE_TYPES, "list metadef resource types");
        List<MetadefNamespace> all = new ArrayList<>();
        for (MetadefNamespace ns : store.visible()) {
            if (query.visibility() != null && ns.visibility() != query.visibility()) {
                continue;
            }
            if (!query.resourceTypes().isEmpty() && ns.resourceTypeAssociations().stream()
                    .noneMatch(a -> query.resourceTypes().contains(a.name()))) {
                continue;
            }
            all.add(ns);
        }
        Comparator<MetadefNamespace> order = switch (query.sortKey()) {
            case NAMESPACE -> Comparator.comparing(MetadefNamespace::namespace);
            case CREATED_AT -> Comparator.comparing(MetadefNamespace::createdAt,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case UPDATED_AT -> Comparator.comparing(MetadefNamespace::updatedAt,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
        };
        order = order.thenComparing(MetadefNamespace::namespace);
        all.sort(query.ascending() ? order : order.reversed());
        int from = 0;
        if (query.marker() != null) {
            int at = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).namespace().equals(query.marker())) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw new InvalidInputException("marker: no visible namespace '" + query.marker() + "'");
            }
            from = at + 1;
        }
        int to = Math.min(all.size(), from + query.limit());
        List<MetadefNamespace> items = all.subList(from, to);
        Optional<String> next = to < all.size() && !items.isEmpty()
                ? Optional.of(items.get(items.size() - 1).namespace()) : Optional.empty();
        return new Page<>(items, next);
    }

    MetadefNamespace update(String namespace, MetadefNamespace replacement) {
        Objects.requireNonNull(replacement, "replacement");
        MetadefValidator.checkNamespaceAttributes(replacement);
        MetadefNamespace updated = store.update(namespace, MetadefRule.MODIFY_METADEF_NAMESPACE, "modify", current -> {
            String owner = replacement.owner() == null ? current.owner() : replacement.owner();
            access.checkAttributeChange(current, owner, replacement.isPublic());
            return current.toBuilder().namespace(replacement.namespace()).displayName(replacement.displayName())
                    .description(replacement.description()).visibility(replacement.visibility())
                    .isProtected(replacement.isProtected()).owner(owner).updatedAt(store.now()).build();
        });
        Map<String, Object> payload = MetadefEvents.namespacePayload(updated);
        payload.put("namespace_old", namespace);
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_UPDATE, payload);
        return updated;
    }

    void delete(String namespace) {
        MetadefNamespace ns = store.read(namespace, MetadefRule.DELETE_METADEF_NAMESPACE, "delete");
        MetadefAccess.requireUnprotected(ns, "delete it");
        store.delete(namespace);
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE, MetadefEvents.namespacePayload(ns));
    }

    void deleteObjects(String namespace) {
        store.update(namespace, MetadefRule.DELETE_METADEF_NAMESPACE, "delete the objects of", ns -> {
            MetadefAccess.requireUnprotected(ns, "delete its objects");
            return ns.toBuilder().objects(List.of()).updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_OBJECTS, MetadefEvents.payload(namespace, null));
    }

    void deleteProperties(String namespace) {
        store.update(namespace, MetadefRule.DELETE_METADEF_NAMESPACE, "delete the properties of", ns -> {
            MetadefAccess.requireUnprotected(ns, "delete its properties");
            return ns.toBuilder().properties(List.of()).updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_PROPERTIES, MetadefEvents.payload(namespace, null));
    }

    void deleteTags(String namespace) {
        store.update(namespace, MetadefRule.DELETE_METADEF_NAMESPACE, "delete the tags of", ns -> {
            access.require(MetadefRule.DELETE_METADEF_TAGS, ns, "delete the tags of");
            MetadefAccess.requireUnprotected(ns, "delete its tags");
            return ns.toBuilder().tags(List.of()).updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS, MetadefEvents.payload(namespace, null));
    }
}
