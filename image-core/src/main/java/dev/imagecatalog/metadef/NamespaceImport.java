package dev.imagecatalog.metadef;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.event.CatalogEventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Loads whole namespaces, each one that exists handled as an {@link ExistingNamespacePolicy} says. */
final class NamespaceImport {
    private final MetadefStore store;
    private final MetadefAccess access;
    private final MetadefEvents events;
    private final NamespaceCrud namespaces;

    NamespaceImport(MetadefStore store, MetadefAccess access, MetadefEvents events, NamespaceCrud namespaces) {
        this.store = store;
        this.access = access;
        this.events = events;
        this.namespaces = namespaces;
    }

    /** Checks every namespace (fields, names given once, the right to create it) before writing any. */
    ImportReport load(List<MetadefNamespace> drafts, ExistingNamespacePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (policy == ExistingNamespacePolicy.REPLACE) {
            access.requireMetadefAdmin("import with REPLACE");
        }
        Set<String> names = new HashSet<>();
        for (MetadefNamespace ns : drafts) {
            MetadefValidator.checkNamespace(ns);
            if (!names.add(ns.namespace())) {
                throw new InvalidInputException("namespace: '" + ns.namespace() + "' is given twice in the import");
            }
            access.checkCreate(namespaces.owned(ns));
        }
        List<String> created = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (MetadefNamespace draft : drafts) {
            String name = draft.namespace();
            if (!store.exists(name)) {
                namespaces.create(draft);
                created.add(name);
                continue;
            }
            switch (policy) {
                case SKIP -> skipped.add(name);
                case MERGE -> {
                    stored(store.update(name, MetadefRule.MODIFY_METADEF_NAMESPACE, "merge into",
                            current -> merge(current, draft, store.now())));
                    merged.add(name);
                }
                case REPLACE -> {
                    stored(store.update(name, MetadefRule.MODIFY_METADEF_NAMESPACE, "replace", current ->
                            namespaces.fresh(draft, store.now()).toBuilder().createdAt(current.createdAt()).build()));
                    replaced.add(name);
                }
                default -> throw new IllegalStateException(policy.name());
            }
        }
        return new ImportReport(created, skipped, merged, replaced);
    }

    private void stored(MetadefNamespace ns) {
        store.ensureResourceTypes(ns.resourceTypeAssociations());
        events.fire(CatalogEventTypes.METADEF_NAMESPACE_UPDATE, MetadefEvents.namespacePayload(ns));
    }

    /** {@code current} with whatever associations, properties, objects and tags of {@code draft} it lacks. */
    private static MetadefNamespace merge(MetadefNamespace current, MetadefNamespace draft, Instant now) {
        MetadefNamespace.Builder b = current.toBuilder();
        boolean changed = false;
        for (ResourceTypeAssociation a : draft.resourceTypeAssociations()) {
            if (current.association(a.name()).isEmpty()) {
                b.addResourceTypeAssociation(a.withTimestamps(now, now));
                changed = true;
            }
        }
        for (MetadefProperty p : draft.properties()) {
            if (current.property(p.name()).isEmpty()) {
                b.addProperty(p);
                changed = true;
            }
        }
        for (MetadefObject o : draft.objects()) {
            if (current.object(o.name()).isEmpty()) {
                b.addObject(o.toBuilder().createdAt(now).updatedAt(now).build());
                changed = true;
            }
        }
        for (MetadefTag t : draft.tags()) {
            if (current.tag(t.name()).isEmpty()) {
                b.addTag(t.withTimestamps(now, now));
                changed = true;
            }
        }
        return changed ? b.updatedAt(now).build() : current;
    }
}

