package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.event.CatalogEventTypes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The (namespace-level) properties of a namespace: create, read (also prefixed), list, replace, delete. */
final class PropertyCrud {
    private final MetadefStore store;
    private final MetadefAccess access;
    private final MetadefEvents events;

    PropertyCrud(MetadefStore store, MetadefAccess access, MetadefEvents events) {
        this.store = store;
        this.access = access;
        this.events = events;
    }

    MetadefProperty create(String namespace, MetadefProperty property) {
        Objects.requireNonNull(property, "property");
        MetadefValidator.checkProperty(property, "property");
        store.update(namespace, MetadefRule.ADD_METADEF_PROPERTY, "add a property to", ns -> {
            if (ns.property(property.name()).isPresent()) {
                throw duplicate(namespace, property.name());
            }
            return ns.toBuilder().addProperty(property).updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_PROPERTY_CREATE, MetadefEvents.payload(namespace, property.name()));
        return property;
    }

    MetadefProperty get(String namespace, String name) {
        return store.read(namespace, MetadefRule.GET_METADEF_PROPERTY, "read a property of").property(name)
                .orElseThrow(() -> MetadefStore.notFound(namespace, "property", name));
    }

    MetadefProperty get(String namespace, String prefixedName, String resourceType) {
        MetadefNamespace ns = store.read(namespace, MetadefRule.GET_METADEF_PROPERTY, "read a property of");
        if (resourceType != null) {
            access.require(MetadefRule.GET_METADEF_RESOURCE_TYPE, ns, "read the resource types of");
        }
        String prefix = ns.association(resourceType).map(ResourceTypeAssociation::prefixOrEmpty).orElse("");
        if (!prefixedName.startsWith(prefix)) {
            throw MetadefStore.notFound(namespace, "property", prefixedName);
        }
        String name = prefixedName.substring(prefix.length());
        return ns.property(name).map(p -> p.withName(prefixedName))
                .orElseThrow(() -> MetadefStore.notFound(namespace, "property", prefixedName));
    }

    List<MetadefProperty> list(String namespace) {
        return store.read(namespace, MetadefRule.GET_METADEF_PROPERTIES, "list the properties of").properties();
    }

    MetadefProperty update(String namespace, String name, MetadefProperty replacement) {
        Objects.requireNonNull(replacement, "replacement");
        MetadefValidator.checkProperty(replacement, "property");
        store.update(namespace, MetadefRule.MODIFY_METADEF_PROPERTY, "modify a property of", ns -> {
            ns.property(name).orElseThrow(() -> MetadefStore.notFound(namespace, "property", name));
            if (!name.equals(replacement.name()) && ns.property(replacement.name()).isPresent()) {
                throw duplicate(namespace, replacement.name());
            }
            return ns.toBuilder()
                    .properties(NamedLists.replace(ns.properties(), MetadefProperty::name, name, replacement))
                    .updatedAt(store.now()).build();
        });
        Map<String, Object> payload = MetadefEvents.payload(namespace, replacement.name());
        payload.put("name_old", name);
        events.fire(CatalogEventTypes.METADEF_PROPERTY_UPDATE, payload);
        return replacement;
    }

    void delete(String namespace, String name) {
        store.update(namespace, MetadefRule.REMOVE_METADEF_PROPERTY, "remove a property of", ns -> {
            ns.property(name).orElseThrow(() -> MetadefStore.notFound(namespace, "property", name));
            MetadefAccess.requireUnprotected(ns, "delete its property '" + name + "'");
            return ns.toBuilder().properties(NamedLists.remove(ns.properties(), MetadefProperty::name, name))
                    .updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_PROPERTY_DELETE, MetadefEvents.payload(namespace, name));
    }

    private static ConflictException duplicate(String namespace, String name) {
        return new ConflictException("metadef property '" + name + "' already exists in namespace '" + namespace
                + "'");
    }
}
