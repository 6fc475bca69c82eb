package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.event.CatalogEventTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The objects of a namespace: create, read, list, replace, delete. */
final class ObjectCrud {
    private final MetadefStore store;
    private final MetadefEvents events;

    ObjectCrud(MetadefStore store, MetadefEvents events) {
        this.store = store;
        this.events = events;
    }

    MetadefObject create(String namespace, MetadefObject object) {
        Objects.requireNonNull(object, "object");
        MetadefValidator.checkObject(object, "object");
        Instant now = store.now();
        MetadefObject stamped = object.toBuilder().createdAt(now).updatedAt(now).build();
        store.update(namespace, MetadefRule.ADD_METADEF_OBJECT, "add an object to", ns -> {
            if (ns.object(object.name()).isPresent()) {
                throw duplicate(namespace, object.name());
            }
            return ns.toBuilder().addObject(stamped).updatedAt(now).build();
        });
        events.fire(CatalogEventTypes.METADEF_OBJECT_CREATE, MetadefEvents.payload(namespace, stamped.name()));
        return stamped;
    }

    MetadefObject get(String namespace, String name) {
        return store.read(namespace, MetadefRule.GET_METADEF_OBJECT, "read an object of").object(name)
                .orElseThrow(() -> MetadefStore.notFound(namespace, "object", name));
    }

    List<MetadefObject> list(String namespace) {
        return store.read(namespace, MetadefRule.GET_METADEF_OBJECTS, "list the objects of").objects();
    }

    MetadefObject update(String namespace, String name, MetadefObject replacement) {
        Objects.requireNonNull(replacement, "replacement");
        MetadefValidator.checkObject(replacement, "object");
        Instant now = store.now();
        MetadefObject[] result = new MetadefObject[1];
        store.update(namespace, MetadefRule.MODIFY_METADEF_OBJECT, "modify an object of", ns -> {
            MetadefObject current = ns.object(name)
                    .orElseThrow(() -> MetadefStore.notFound(namespace, "object", name));
            if (!name.equals(replacement.name()) && ns.object(replacement.name()).isPresent()) {
                throw duplicate(namespace, replacement.name());
            }
            result[0] = replacement.toBuilder().createdAt(current.createdAt()).updatedAt(now).build();
            return ns.toBuilder().objects(NamedLists.replace(ns.objects(), MetadefObject::name, name, result[0]))
                    .updatedAt(now).build();
        });
        Map<String, Object> payload = MetadefEvents.payload(namespace, result[0].name());
        payload.put("name_old", name);
        events.fire(CatalogEventTypes.METADEF_OBJECT_UPDATE, payload);
        return result[0];
    }

    void delete(String namespace, String name) {
        store.update(namespace, MetadefRule.DELETE_METADEF_OBJECT, "delete an object of", ns -> {
            ns.object(name).orElseThrow(() -> MetadefStore.notFound(namespace, "object", name));
            MetadefAccess.requireUnprotected(ns, "delete its object '" + name + "'");
            return ns.toBuilder().objects(NamedLists.remove(ns.objects(), MetadefObject::name, name))
                    .updatedAt(store.now()).build();
        });
        events.fire(CatalogEventTypes.METADEF_OBJECT_DELETE, MetadefEvents.payload(namespace, name));
    }

    private static ConflictException duplicate(String namespace, String name) {
        return new ConflictException("metadef object '" + name + "' already exists in namespace '" + namespace + "'");
    }
}
