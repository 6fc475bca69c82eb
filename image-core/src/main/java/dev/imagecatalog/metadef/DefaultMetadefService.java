package dev.imagecatalog.metadef;

import dev.imagecatalog.ConflictException;
import dev.imagecatalog.ForbiddenException;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.spi.CatalogEvent;
import dev.imagecatalog.spi.CatalogEventListener;
import dev.imagecatalog.spi.CatalogEventTypes;
import dev.imagecatalog.spi.MetadefRepository;
import dev.imagecatalog.spi.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link MetadefService} over a {@link MetadefRepository}: policy, validation, timestamps, events. */
final class DefaultMetadefService implements MetadefService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMetadefService.class);
    private static final int NAME_MAX = 80;
    private static final int MAX_ATTEMPTS = 64;

    private final MetadefRepository repository;
    private final RequestContext context;
    private final Clock clock;
    private final List<CatalogEventListener> listeners;
    private final boolean validateImageProperties;

    DefaultMetadefService(MetadefRepository repository, RequestContext context, Clock clock,
                          List<CatalogEventListener> listeners, boolean validateImageProperties) {
        this.repository = repository;
        this.context = context;
        this.clock = clock;
        this.listeners = listeners;
        this.validateImageProperties = validateImageProperties;
    }

    @Override
    public RequestContext context() {
        return context;
    }

    // ================================================================== namespaces

    @Override
    public MetadefNamespace createNamespace(MetadefNamespace draft) {
        Objects.requireNonNull(draft, "draft");
        checkAggregate(draft);
        MetadefNamespace stamped = stampNew(withCreateOwner(draft), now());
        requireCreate(stamped);
        MetadefNamespace stored = repository.insertNamespace(stamped);
        ensureResourceTypes(stored.resourceTypeAssociations());
        fire(CatalogEventTypes.METADEF_NAMESPACE_CREATE, namespacePayload(stored));
        return stored;
    }

    @Override
    public MetadefNamespace getNamespace(String namespace) {
        return load(namespace);
    }

    @Override
    public MetadefNamespace getNamespace(String namespace, String resourceType) {
        MetadefNamespace ns = load(namespace);
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

    @Override
    public Page<MetadefNamespace> listNamespaces(NamespaceQuery query) {
        Objects.requireNonNull(query, "query");
        List<MetadefNamespace> all = new ArrayList<>();
        for (MetadefNamespace ns : repository.listNamespaces()) {
            if (!visible(ns)) {
                continue;
            }
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

    @Override
    public MetadefNamespace updateNamespace(String namespace, MetadefNamespace replacement) {
        Objects.requireNonNull(replacement, "replacement");
        checkNamespaceAttributes(replacement);
        MetadefNamespace updated = mutate(namespace, current -> {
            String owner = replacement.owner() == null ? current.owner() : replacement.owner();
            if (!context.isAdmin() && !Objects.equals(owner, current.owner())) {
                throw new ForbiddenException("owner: only an admin may give namespace '" + namespace
                        + "' to another project");
            }
            if (!context.isAdmin() && replacement.isPublic() && !current.isPublic()) {
                throw new ForbiddenException("visibility: only an admin may make namespace '" + namespace
                        + "' public");
            }
            return current.toBuilder().namespace(replacement.namespace()).displayName(replacement.displayName())
                    .description(replacement.description()).visibility(replacement.visibility())
                    .isProtected(replacement.isProtected()).owner(owner).updatedAt(now()).build();
        });
        Map<String, Object> payload = namespacePayload(updated);
        payload.put("namespace_old", namespace);
        fire(CatalogEventTypes.METADEF_NAMESPACE_UPDATE, payload);
        return updated;
    }

    @Override
    public void deleteNamespace(String namespace) {
        MetadefNamespace ns = load(namespace);
        requireWrite(ns);
        requireUnprotected(ns, "delete it");
        if (!repository.deleteNamespace(namespace)) {
            throw notFound(namespace);
        }
        fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE, namespacePayload(ns));
    }

    @Override
    public void deleteObjects(String namespace) {
        mutate(namespace, ns -> {
            requireUnprotected(ns, "delete its objects");
            return ns.toBuilder().objects(List.of()).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_OBJECTS, payload(namespace, null));
    }

    @Override
    public void deleteProperties(String namespace) {
        mutate(namespace, ns -> {
            requireUnprotected(ns, "delete its properties");
            return ns.toBuilder().properties(List.of()).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_PROPERTIES, payload(namespace, null));
    }

    @Override
    public void deleteTags(String namespace) {
        mutate(namespace, ns -> {
            requireUnprotected(ns, "delete its tags");
            return ns.toBuilder().tags(List.of()).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS, payload(namespace, null));
    }

    // ================================================================== objects

    @Override
    public MetadefObject createObject(String namespace, MetadefObject object) {
        Objects.requireNonNull(object, "object");
        checkObject(object, "object");
        Instant now = now();
        MetadefObject stamped = object.toBuilder().createdAt(now).updatedAt(now).build();
        mutate(namespace, ns -> {
            if (ns.object(object.name()).isPresent()) {
                throw new ConflictException("metadef object '" + object.name() + "' already exists in namespace '"
                        + namespace + "'");
            }
            return ns.toBuilder().addObject(stamped).updatedAt(now).build();
        });
        fire(CatalogEventTypes.METADEF_OBJECT_CREATE, payload(namespace, stamped.name()));
        return stamped;
    }

    @Override
    public MetadefObject getObject(String namespace, String name) {
        return load(namespace).object(name).orElseThrow(() -> notFound(namespace, "object", name));
    }

    @Override
    public List<MetadefObject> listObjects(String namespace) {
        return load(namespace).objects();
    }

    @Override
    public MetadefObject updateObject(String namespace, String name, MetadefObject replacement) {
        Objects.requireNonNull(replacement, "replacement");
        checkObject(replacement, "object");
        Instant now = now();
        MetadefObject[] result = new MetadefObject[1];
        mutate(namespace, ns -> {
            MetadefObject current = ns.object(name).orElseThrow(() -> notFound(namespace, "object", name));
            if (!name.equals(replacement.name()) && ns.object(replacement.name()).isPresent()) {
                throw new ConflictException("metadef object '" + replacement.name()
                        + "' already exists in namespace '" + namespace + "'");
            }
            result[0] = replacement.toBuilder().createdAt(current.createdAt()).updatedAt(now).build();
            return ns.toBuilder().objects(replaceNamed(ns.objects(), MetadefObject::name, name, result[0]))
                    .updatedAt(now).build();
        });
        Map<String, Object> payload = payload(namespace, result[0].name());
        payload.put("name_old", name);
        fire(CatalogEventTypes.METADEF_OBJECT_UPDATE, payload);
        return result[0];
    }

    @Override
    public void deleteObject(String namespace, String name) {
        mutate(namespace, ns -> {
            ns.object(name).orElseThrow(() -> notFound(namespace, "object", name));
            requireUnprotected(ns, "delete its object '" + name + "'");
            return ns.toBuilder().objects(removeNamed(ns.objects(), MetadefObject::name, name)).updatedAt(now())
                    .build();
        });
        fire(CatalogEventTypes.METADEF_OBJECT_DELETE, payload(namespace, name));
    }

    // ================================================================== properties

    @Override
    public MetadefProperty createProperty(String namespace, MetadefProperty property) {
        Objects.requireNonNull(property, "property");
        checkProperty(property, "property");
        mutate(namespace, ns -> {
            if (ns.property(property.name()).isPresent()) {
                throw new ConflictException("metadef property '" + property.name()
                        + "' already exists in namespace '" + namespace + "'");
            }
            return ns.toBuilder().addProperty(property).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_PROPERTY_CREATE, payload(namespace, property.name()));
        return property;
    }

    @Override
    public MetadefProperty getProperty(String namespace, String name) {
        return load(namespace).property(name).orElseThrow(() -> notFound(namespace, "property", name));
    }

    @Override
    public MetadefProperty getProperty(String namespace, String prefixedName, String resourceType) {
        MetadefNamespace ns = load(namespace);
        String prefix = ns.association(resourceType).map(ResourceTypeAssociation::prefixOrEmpty).orElse("");
        if (!prefixedName.startsWith(prefix)) {
            throw notFound(namespace, "property", prefixedName);
        }
        String name = prefixedName.substring(prefix.length());
        return ns.property(name).map(p -> p.withName(prefixedName))
                .orElseThrow(() -> notFound(namespace, "property", prefixedName));
    }

    @Override
    public List<MetadefProperty> listProperties(String namespace) {
        return load(namespace).properties();
    }

    @Override
    public MetadefProperty updateProperty(String namespace, String name, MetadefProperty replacement) {
        Objects.requireNonNull(replacement, "replacement");
        checkProperty(replacement, "property");
        mutate(namespace, ns -> {
            ns.property(name).orElseThrow(() -> notFound(namespace, "property", name));
            if (!name.equals(replacement.name()) && ns.property(replacement.name()).isPresent()) {
                throw new ConflictException("metadef property '" + replacement.name()
                        + "' already exists in namespace '" + namespace + "'");
            }
            return ns.toBuilder().properties(replaceNamed(ns.properties(), MetadefProperty::name, name, replacement))
                    .updatedAt(now()).build();
        });
        Map<String, Object> payload = payload(namespace, replacement.name());
        payload.put("name_old", name);
        fire(CatalogEventTypes.METADEF_PROPERTY_UPDATE, payload);
        return replacement;
    }

    @Override
    public void deleteProperty(String namespace, String name) {
        mutate(namespace, ns -> {
            ns.property(name).orElseThrow(() -> notFound(namespace, "property", name));
            requireUnprotected(ns, "delete its property '" + name + "'");
            return ns.toBuilder().properties(removeNamed(ns.properties(), MetadefProperty::name, name))
                    .updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_PROPERTY_DELETE, payload(namespace, name));
    }

    // ================================================================== tags

    @Override
    public MetadefTag createTag(String namespace, String name) {
        return createTags(namespace, List.of(name), TagMode.APPEND).get(0);
    }

    @Override
    public List<MetadefTag> createTags(String namespace, List<String> names, TagMode mode) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(mode, "mode");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            checkName(n, "tag name");
            if (!seen.add(n)) {
                throw new ConflictException("metadef tag '" + n + "' is given twice");
            }
        }
        Instant now = now();
        List<MetadefTag> created = names.stream().map(n -> new MetadefTag(n, now, now)).toList();
        boolean[] hadTags = new boolean[1];
        mutate(namespace, ns -> {
            List<MetadefTag> tags = new ArrayList<>();
            hadTags[0] = !ns.tags().isEmpty();
            if (mode == TagMode.APPEND) {
                tags.addAll(ns.tags());
                for (String n : names) {
                    if (ns.tag(n).isPresent()) {
                        throw new ConflictException("metadef tag '" + n + "' already exists in namespace '"
                                + namespace + "'");
                    }
                }
            } else if (hadTags[0]) {
                requireUnprotected(ns, "replace its tags");
            }
            tags.addAll(created);
            return ns.toBuilder().tags(tags).updatedAt(now).build();
        });
        if (mode == TagMode.REPLACE && hadTags[0]) {
            fire(CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS, payload(namespace, null));
        }
        for (MetadefTag t : created) {
            fire(CatalogEventTypes.METADEF_TAG_CREATE, payload(namespace, t.name()));
        }
        return created;
    }

    @Override
    public MetadefTag getTag(String namespace, String name) {
        return load(namespace).tag(name).orElseThrow(() -> notFound(namespace, "tag", name));
    }

    @Override
    public List<MetadefTag> listTags(String namespace) {
        List<MetadefTag> tags = new ArrayList<>(load(namespace).tags());
        tags.sort(Comparator.comparing(MetadefTag::name));
        return tags;
    }

    @Override
    public MetadefTag updateTag(String namespace, String name, String newName) {
        checkName(newName, "tag name");
        MetadefTag[] result = new MetadefTag[1];
        mutate(namespace, ns -> {
            MetadefTag current = ns.tag(name).orElseThrow(() -> notFound(namespace, "tag", name));
            if (!name.equals(newName) && ns.tag(newName).isPresent()) {
                throw new ConflictException("metadef tag '" + newName + "' already exists in namespace '"
                        + namespace + "'");
            }
            Instant now = now();
            result[0] = new MetadefTag(newName, current.createdAt(), now);
            return ns.toBuilder().tags(replaceNamed(ns.tags(), MetadefTag::name, name, result[0])).updatedAt(now)
                    .build();
        });
        Map<String, Object> payload = payload(namespace, newName);
        payload.put("name_old", name);
        fire(CatalogEventTypes.METADEF_TAG_UPDATE, payload);
        return result[0];
    }

    @Override
    public void deleteTag(String namespace, String name) {
        mutate(namespace, ns -> {
            ns.tag(name).orElseThrow(() -> notFound(namespace, "tag", name));
            requireUnprotected(ns, "delete its tag '" + name + "'");
            return ns.toBuilder().tags(removeNamed(ns.tags(), MetadefTag::name, name)).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_TAG_DELETE, payload(namespace, name));
    }

    // ================================================================== resource types

    @Override
    public List<MetadefResourceType> listResourceTypes() {
        List<MetadefResourceType> all = new ArrayList<>(repository.listResourceTypes());
        all.sort(Comparator.comparing(MetadefResourceType::name));
        return all;
    }

    @Override
    public MetadefResourceType createResourceType(String name) {
        checkName(name, "resource type name");
        if (!context.isAdmin()) {
            throw new ForbiddenException("only an admin may create resource type '" + name + "'");
        }
        Instant now = now();
        MetadefResourceType stored = repository.insertResourceType(new MetadefResourceType(name, false, now, now));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name);
        fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE, payload);
        return stored;
    }

    @Override
    public ResourceTypeAssociation createAssociation(String namespace, ResourceTypeAssociation association) {
        Objects.requireNonNull(association, "association");
        checkAssociation(association, "resource type association");
        Instant now = now();
        ResourceTypeAssociation stamped = association.withTimestamps(now, now);
        mutate(namespace, ns -> {
            if (ns.association(association.name()).isPresent()) {
                throw new ConflictException("namespace '" + namespace + "' is already associated with resource type '"
                        + association.name() + "'");
            }
            return ns.toBuilder().addResourceTypeAssociation(stamped).updatedAt(now).build();
        });
        ensureResourceTypes(List.of(stamped));
        Map<String, Object> payload = payload(namespace, stamped.name());
        payload.put("prefix", stamped.prefix());
        payload.put("properties_target", stamped.propertiesTarget());
        fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE, payload);
        return stamped;
    }

    @Override
    public List<ResourceTypeAssociation> listAssociations(String namespace) {
        return load(namespace).resourceTypeAssociations();
    }

    @Override
    public void deleteAssociation(String namespace, String resourceType) {
        mutate(namespace, ns -> {
            ns.association(resourceType).orElseThrow(() -> notFound(namespace, "resource type association",
                    resourceType));
            requireUnprotected(ns, "delete its association with '" + resourceType + "'");
            return ns.toBuilder().resourceTypeAssociations(removeNamed(ns.resourceTypeAssociations(),
                    ResourceTypeAssociation::name, resourceType)).updatedAt(now()).build();
        });
        fire(CatalogEventTypes.METADEF_RESOURCE_TYPE_DELETE, payload(namespace, resourceType));
    }

    // ================================================================== import

    @Override
    public ImportReport importNamespaces(List<MetadefNamespace> namespaces, ExistingNamespacePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (policy == ExistingNamespacePolicy.REPLACE && !context.isAdmin()) {
            throw new ForbiddenException("only an admin may import with REPLACE");
        }
        Set<String> names = new HashSet<>();
        for (MetadefNamespace ns : namespaces) {
            checkAggregate(ns);
            if (!names.add(ns.namespace())) {
                throw new InvalidInputException("namespace: '" + ns.namespace() + "' is given twice in the import");
            }
            requireCreate(withCreateOwner(ns));
        }
        List<String> created = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (MetadefNamespace draft : namespaces) {
            String name = draft.namespace();
            if (repository.findNamespace(name).isEmpty()) {
                createNamespace(draft);
                created.add(name);
                continue;
            }
            switch (policy) {
                case SKIP -> skipped.add(name);
                case MERGE -> {
                    MetadefNamespace stored = mutate(name, current -> merge(current, draft, now()));
                    ensureResourceTypes(stored.resourceTypeAssociations());
                    fire(CatalogEventTypes.METADEF_NAMESPACE_UPDATE, namespacePayload(stored));
                    merged.add(name);
                }
                case REPLACE -> {
                    MetadefNamespace stored = mutate(name, current -> {
                        MetadefNamespace fresh = stampNew(withCreateOwner(draft), now());
                        return fresh.toBuilder().createdAt(current.createdAt()).build();
                    });
                    ensureResourceTypes(stored.resourceTypeAssociations());
                    fire(CatalogEventTypes.METADEF_NAMESPACE_UPDATE, namespacePayload(stored));
                    replaced.add(name);
                }
                default -> throw new IllegalStateException(policy.name());
            }
        }
        return new ImportReport(created, skipped, merged, replaced);
    }

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

    // ================================================================== images

    @Override
    public boolean imagePropertyValidationEnabled() {
        return validateImageProperties;
    }

    @Override
    public void validateImageProperties(Map<String, String> properties) {
        if (validateImageProperties) {
            MetadefValidator.forImages(visibleNamespaces()).validate(properties);
        }
    }

    @Override
    public List<ApplicableDefinition> definitionsForImage(Map<String, String> properties) {
        return MetadefValidator.forImages(visibleNamespaces()).definitionsFor(properties);
    }

    private List<MetadefNamespace> visibleNamespaces() {
        List<MetadefNamespace> out = new ArrayList<>();
        for (MetadefNamespace ns : repository.listNamespaces()) {
            if (visible(ns)) {
                out.add(ns);
            }
        }
        out.sort(Comparator.comparing(MetadefNamespace::namespace));
        return out;
    }

    // ================================================================== policy

    private boolean visible(MetadefNamespace ns) {
        return context.isAdmin() || ns.owner() == null || ns.isPublic()
                || Objects.equals(ns.owner(), context.projectId());
    }

    private MetadefNamespace load(String namespace) {
        if (namespace == null) {
            throw new InvalidInputException("namespace: required");
        }
        return repository.findNamespace(namespace).filter(this::visible).orElseThrow(() -> notFound(namespace));
    }

    private void requireWrite(MetadefNamespace ns) {
        if (context.isAdmin()) {
            return;
        }
        if (!Objects.equals(ns.owner(), context.projectId()) || !context.hasRole("member")) {
            throw new ForbiddenException("metadef namespace '" + ns.namespace()
                    + "': only a member of its owning project or an admin may change it");
        }
    }

    private void requireCreate(MetadefNamespace ns) {
        if (context.isAdmin()) {
            return;
        }
        if (!context.hasRole("member")) {
            throw new ForbiddenException("namespace '" + ns.namespace() + "': creating needs the member role");
        }
        if (!Objects.equals(ns.owner(), context.projectId())) {
            throw new ForbiddenException("owner: only an admin may create namespace '" + ns.namespace()
                    + "' for another project");
        }
        if (ns.isPublic()) {
            throw new ForbiddenException("visibility: only an admin may create public namespace '"
                    + ns.namespace() + "'");
        }
    }

    private static void requireUnprotected(MetadefNamespace ns, String what) {
        if (ns.isProtected()) {
            throw new ForbiddenException("metadef namespace '" + ns.namespace() + "' is protected: cannot " + what);
        }
    }

    private MetadefNamespace withCreateOwner(MetadefNamespace draft) {
        return draft.owner() != null ? draft : draft.toBuilder().owner(context.projectId()).build();
    }

    /** Read, check write access, change, compare-and-set; retried when a concurrent writer got in first. */
    private MetadefNamespace mutate(String namespace, Function<MetadefNamespace, MetadefNamespace> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            MetadefNamespace current = load(namespace);
            requireWrite(current);
            MetadefNamespace next = change.apply(current);
            if (next == current) {
                return current;
            }
            try {
                return repository.updateNamespace(namespace, current.version(), next);
            } catch (VersionConflictException lost) {
                Thread.yield();
            }
        }
        throw new ConflictException("metadef namespace '" + namespace + "' keeps changing concurrently; try again");
    }

    private void ensureResourceTypes(List<ResourceTypeAssociation> associations) {
        for (ResourceTypeAssociation a : associations) {
            if (repository.findResourceType(a.name()).isEmpty()) {
                Instant now = now();
                try {
                    repository.insertResourceType(new MetadefResourceType(a.name(), false, now, now));
                } catch (ConflictException raced) {
                    LOG.debug("resource type {} was created concurrently", a.name());
                }
            }
        }
    }

    // ================================================================== validation

    private static void checkAggregate(MetadefNamespace ns) {
        checkNamespaceAttributes(ns);
        Set<String> seen = new HashSet<>();
        for (ResourceTypeAssociation a : ns.resourceTypeAssociations()) {
            checkAssociation(a, "resource_type_associations");
            unique(seen, "resource type association", a.name());
        }
        seen.clear();
        for (MetadefProperty p : ns.properties()) {
            checkProperty(p, "properties");
            unique(seen, "property", p.name());
        }
        seen.clear();
        for (MetadefObject o : ns.objects()) {
            checkObject(o, "objects");
            unique(seen, "object", o.name());
        }
        seen.clear();
        for (MetadefTag t : ns.tags()) {
            checkName(t.name(), "tags.name");
            unique(seen, "tag", t.name());
        }
    }

    private static void unique(Set<String> seen, String what, String name) {
        if (!seen.add(name)) {
            throw new ConflictException("metadef " + what + " '" + name + "' is given twice");
        }
    }

    private static void checkNamespaceAttributes(MetadefNamespace ns) {
        checkName(ns.namespace(), "namespace");
        if (ns.namespace().contains("/")) {
            throw new InvalidInputException("namespace: '" + ns.namespace() + "' must not contain '/'");
        }
        checkLength(ns.displayName(), NAME_MAX, "display_name");
        checkLength(ns.description(), 500, "description");
        checkLength(ns.owner(), 255, "owner");
    }

    private static void checkAssociation(ResourceTypeAssociation a, String path) {
        checkName(a.name(), path + ".name");
        checkLength(a.prefix(), NAME_MAX, path + ".prefix");
        checkLength(a.propertiesTarget(), NAME_MAX, path + ".properties_target");
    }

    private static void checkObject(MetadefObject o, String path) {
        checkName(o.name(), path + ".name");
        String p = path + "." + o.name();
        Set<String> seen = new HashSet<>();
        for (MetadefProperty prop : o.properties()) {
            checkProperty(prop, p + ".properties");
            unique(seen, "property", prop.name());
        }
        for (String r : o.required()) {
            checkName(r, p + ".required");
        }
    }

    static void checkProperty(MetadefProperty prop, String path) {
        checkName(prop.name(), path + ".name");
        String p = path + "." + prop.name();
        if (prop.type() == null) {
            throw new InvalidInputException(p + ".type: required");
        }
        if (!MetadefProperty.TYPES.contains(prop.type())) {
            throw new InvalidInputException(p + ".type: '" + prop.type() + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(MetadefProperty.TYPES)));
        }
        if (prop.title() == null || prop.title().isBlank()) {
            throw new InvalidInputException(p + ".title: required");
        }
        if (prop.items() != null && prop.items().type() != null
                && !MetadefProperty.TYPES.contains(prop.items().type())) {
            throw new InvalidInputException(p + ".items.type: '" + prop.items().type() + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(MetadefProperty.TYPES)));
        }
        if (prop.pattern() != null) {
            try {
                Pattern.compile(prop.pattern());
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(p + ".pattern: not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        if (prop.minimum() != null && prop.maximum() != null
                && prop.minimum().doubleValue() > prop.maximum().doubleValue()) {
            throw new InvalidInputException(p + ".minimum: " + prop.minimum() + " is above maximum "
                    + prop.maximum());
        }
        if (prop.minLength() != null && prop.maxLength() != null && prop.minLength() > prop.maxLength()) {
            throw new InvalidInputException(p + ".minLength: " + prop.minLength() + " is above maxLength "
                    + prop.maxLength());
        }
        if (prop.minItems() != null && prop.maxItems() != null && prop.minItems() > prop.maxItems()) {
            throw new InvalidInputException(p + ".minItems: " + prop.minItems() + " is above maxItems "
                    + prop.maxItems());
        }
    }

    private static void checkName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field + ": must not be blank");
        }
        checkLength(name, NAME_MAX, field);
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field + ": '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' must not contain control characters");
        }
    }

    private static void checkLength(String value, int max, String field) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new InvalidInputException(field + ": longer than " + max + " characters");
        }
    }

    // ================================================================== helpers

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static MetadefNamespace stampNew(MetadefNamespace draft, Instant now) {
        return draft.toBuilder().createdAt(now).updatedAt(now).version(0)
                .resourceTypeAssociations(draft.resourceTypeAssociations().stream()
                        .map(a -> a.withTimestamps(now, now)).toList())
                .objects(draft.objects().stream().map(o -> o.toBuilder().createdAt(now).updatedAt(now).build())
                        .toList())
                .tags(draft.tags().stream().map(t -> t.withTimestamps(now, now)).toList())
                .build();
    }

    private static <T> List<T> replaceNamed(List<T> items, Function<T, String> name, String old, T replacement) {
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(name.apply(item).equals(old) ? replacement : item);
        }
        return out;
    }

    private static <T> List<T> removeNamed(List<T> items, Function<T, String> name, String gone) {
        List<T> out = new ArrayList<>(items);
        out.removeIf(i -> name.apply(i).equals(gone));
        return out;
    }

    private static NotFoundException notFound(String namespace) {
        return new NotFoundException("metadef namespace '" + namespace + "' not found");
    }

    private static NotFoundException notFound(String namespace, String what, String name) {
        return new NotFoundException("metadef " + what + " '" + name + "' not found in namespace '" + namespace
                + "'");
    }

    private static Map<String, Object> payload(String namespace, String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("namespace", namespace);
        if (name != null) {
            p.put("name", name);
        }
        return p;
    }

    private static Map<String, Object> namespacePayload(MetadefNamespace ns) {
        Map<String, Object> p = payload(ns.namespace(), null);
        p.put("display_name", ns.displayName());
        p.put("visibility", ns.visibility().jsonValue());
        p.put("protected", ns.isProtected());
        p.put("owner", ns.owner());
        return p;
    }

    private void fire(String type, Map<String, Object> payload) {
        Object namespace = payload.get("namespace");
        CatalogEvent event = new CatalogEvent(type, namespace == null ? null : namespace.toString(), clock.instant(),
                payload);
        for (CatalogEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("metadef event listener failed on {}: {}", type, e.toString(), e);
            }
        }
    }
}
