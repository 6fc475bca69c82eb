package dev.imagecatalog.memory;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.metadef.MetadefResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MetadefRepository} in memory, for tests and embedded use. Thread-safe; each instance is its own
 * catalog (nothing is shared between instances). Aggregates are immutable, so they are stored as given.
 */
public final class MemoryMetadefRepository implements MetadefRepository {
    private final Object lock = new Object();
    private final Map<String, MetadefNamespace> namespaces = new HashMap<>();
    private final Map<String, MetadefResourceType> resourceTypes = new TreeMap<>();

    /** An empty repository: no namespaces, no resource types. */
    public MemoryMetadefRepository() {
    }

    @Override
    public MetadefNamespace insertNamespace(MetadefNamespace namespace) {
        synchronized (lock) {
            if (namespaces.containsKey(namespace.namespace())) {
                throw new ConflictException("metadef namespace '" + namespace.namespace() + "' already exists");
            }
            MetadefNamespace stored = namespace.toBuilder().version(1).build();
            namespaces.put(stored.namespace(), stored);
            return stored;
        }
    }

    @Override
    public Optional<MetadefNamespace> findNamespace(String name) {
        synchronized (lock) {
            return Optional.ofNullable(namespaces.get(name));
        }
    }

    @Override
    public List<MetadefNamespace> listNamespaces() {
        synchronized (lock) {
            return new ArrayList<>(namespaces.values());
        }
    }

    @Override
    public MetadefNamespace updateNamespace(String currentName, long expectedVersion, MetadefNamespace replacement) {
        synchronized (lock) {
            MetadefNamespace current = namespaces.get(currentName);
            if (current == null) {
                throw new NotFoundException("metadef namespace '" + currentName + "' not found");
            }
            if (current.version() != expectedVersion) {
                throw new VersionConflictException("metadef namespace '" + currentName + "' was changed concurrently"
                        + " (version " + current.version() + ", expected " + expectedVersion + ")");
            }
            String newName = replacement.namespace();
            if (!newName.equals(currentName) && namespaces.containsKey(newName)) {
                throw new ConflictException("metadef namespace '" + newName + "' already exists");
            }
            MetadefNamespace stored = replacement.toBuilder().version(expectedVersion + 1).build();
            namespaces.remove(currentName);
            namespaces.put(newName, stored);
            return stored;
        }
    }

    @Override
    public boolean deleteNamespace(String name) {
        synchronized (lock) {
            return namespaces.remove(name) != null;
        }
    }

    @Override
    public MetadefResourceType insertResourceType(MetadefResourceType resourceType) {
        synchronized (lock) {
            if (resourceTypes.containsKey(resourceType.name())) {
                throw new ConflictException("metadef resource type '" + resourceType.name() + "' already exists");
            }
            resourceTypes.put(resourceType.name(), resourceType);
            return resourceType;
        }
    }

    @Override
    public Optional<MetadefResourceType> findResourceType(String name) {
        synchronized (lock) {
            return Optional.ofNullable(resourceTypes.get(name));
        }
    }

    @Override
    public List<MetadefResourceType> listResourceTypes() {
        synchronized (lock) {
            return new ArrayList<>(resourceTypes.values());
        }
    }

    @Override
    public boolean deleteResourceType(String name) {
        synchronized (lock) {
            return resourceTypes.remove(name) != null;
        }
    }
}
