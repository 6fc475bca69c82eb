package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.event.CatalogEventTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Resource types (list, create) and a namespace's associations with them (create, list, delete). */
final class AssociationCrud {
    private final MetadefStore store;
    private final MetadefAccess access;
    private final MetadefEvents events;

    AssociationCrud(MetadefStore store, MetadefAccess access, MetadefEvents events) {
        this.store = store;
        this.access = access;
        this.events = events;
    }

    List<MetadefResourceType> listResourceTypes() {
        access.requireForCaller(MetadefRule.LIST_METADEF_RESOURCE_TYPES, "list metadef resource types");
        return store.resourceTypes();
    }

    /** Glance has no call for this (its resource types come with associations): {@code metadef_admin} only. */
    MetadefResourceType createResourceType(String name) {
        MetadefValidator.checkName(name, "resource type name");
        access.requireMetadefAdmin("create resource type '" + name + "'");
        MetadefResourceType stored = store.insertResourceType(name);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name);
        events.fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE, payload);
        return stored;
    }

    ResourceTypeAssociation create(String namespace, ResourceTypeAssociation association) {
        Objects.requireNonNull(association, "association");
        MetadefValidator.checkAssociation(association, "resource type association");
        Instant now = store.now();
        ResourceTypeAssociation stamped = association.withTimestamps(now, now);
        store.update(namespace, MetadefRule.ADD_METADEF_RESOURCE_TYPE_ASSOCIATION, "associate", ns -> {
            if (ns.association(association.name()).isPresent()) {
                throw new ConflictException("namespace '" + namespace + "' is already associated with resource type '"
                        + association.name() + "'");
            }
            return ns.toBuilder().addResourceTypeAssociation(stamped).updatedAt(now).build();
        });
        store.ensureResourceTypes(List.of(stamped));
        Map<String, Object> payload = MetadefEvents.payload(namespace, stamped.name());
        payload.put("prefix", stamped.prefix());
        payload.put("properties_target", stamped.propertiesTarget());
        events.fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE, payload);
        return stamped;
    }

    List<ResourceTypeAssociation> list(String namespace) {
        return store.read(namespace, MetadefRule.LIST_METADEF_RESOURCE_TYPES, "list the resource types of")
                .resourceTypeAssociations();
    }

    void delete(String namespace, String resourceType) {
        store.update(namespace, MetadefRule.REMOVE_METADEF_RESOURCE_TYPE_ASSOCIATION, "dissociate", ns -> {
            ns.association(resourceType).orElseThrow(() -> MetadefStore.notFound(namespace,
                    "resource type association", resourceType));
            MetadefAccess.requireUnprotected(ns, "delete its association with '" + resourceType + "'");
            return ns.toBuilder().resourceTypeAssociations(NamedLists.remove(ns.resourceTypeAssociations(),
                    ResourceTypeAssociation::name, resourceType)).updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_DELETE, MetadefEvents.payload(namespace, resourceType));
    }
}
