package dev.imagecatalog.metadef;

import java.util.List;
import java.util.Optional;

/**
 * Where metadata definitions live. A namespace is stored as one aggregate (its attributes with its objects,
 * properties, tags and resource type associations, exactly as given, timestamps included); resource types are
 * stored on their own. The repository applies no policy: core checks visibility, ownership, protection and names
 * before it calls, and sets timestamps itself.
 *
 * <p>Contract (checked by {@code MetadefRepositoryContract} in image-core's test-jar, which every implementation
 * must pass):
 * <ul>
 *   <li>Names are compared exactly (case-sensitive).</li>
 *   <li>What {@link #findNamespace} returns equals what was last stored, field for field (lists in order,
 *       numbers normalised as {@link dev.imagecatalog.metadef.MetadefProperty} does), except for
 *       {@link MetadefNamespace#version()}, which the repository owns: 1 after {@link #insertNamespace}, +1 after
 *       each successful {@link #updateNamespace}. {@code dev.imagecatalog.metadef.MetadefJson#toStorageJson} and
 *       {@code fromStorageJson} give a lossless text form for back-ends that store the aggregate as a document.</li>
 *   <li>Writes are atomic and thread-safe: a concurrent reader sees the old or the new aggregate, never a mix.</li>
 *   <li>Failures are typed, with the conflict convention of {@link dev.imagecatalog.spi.MetadataRepository}:
 *       {@link dev.imagecatalog.error.ConflictException} for a duplicate name, its subtype
 *       {@link dev.imagecatalog.error.VersionConflictException} for a lost compare-and-set, {@link dev.imagecatalog.error.NotFoundException} for
 *       a missing one, {@link dev.imagecatalog.error.BackendUnavailableException}
 *       when the store cannot be reached. A failed write changes nothing.</li>
 * </ul>
 * Catalogs hold tens to hundreds of namespaces, so {@link #listNamespaces()} returns them all and core filters,
 * sorts and pages.
 */
public interface MetadefRepository {

    /**
     * Stores a new namespace aggregate with version 1.
     *
     * @param namespace the aggregate
     * @return what was stored
     * @throws dev.imagecatalog.error.ConflictException if a namespace of that name exists
     */
    MetadefNamespace insertNamespace(MetadefNamespace namespace);

    /**
     * The namespace aggregate called {@code name}.
     *
     * @param name the namespace
     * @return the aggregate, or empty
     */
    Optional<MetadefNamespace> findNamespace(String name);

    /**
     * Every namespace aggregate.
     *
     * @return the aggregates, in no particular order
     */
    List<MetadefNamespace> listNamespaces();

    /**
     * Replaces the aggregate called {@code currentName} by {@code replacement} (which may carry a new name: a
     * rename) if its stored version is still {@code expectedVersion}, as one atomic compare-and-set, and stores it
     * with version {@code expectedVersion + 1}.
     *
     * @param currentName     the stored name
     * @param expectedVersion the version the caller read
     * @param replacement     the new aggregate
     * @return what was stored
     * @throws dev.imagecatalog.error.VersionConflictException if the stored version moved on (the caller re-reads and retries)
     * @throws dev.imagecatalog.error.NotFoundException if {@code currentName} is absent
     * @throws dev.imagecatalog.error.ConflictException if a rename targets a name that exists
     */
    MetadefNamespace updateNamespace(String currentName, long expectedVersion, MetadefNamespace replacement);

    /**
     * Deletes the aggregate called {@code name} with all its contents.
     *
     * @param name the namespace
     * @return false if there was none
     */
    boolean deleteNamespace(String name);

    /**
     * Stores a new resource type.
     *
     * @param resourceType the resource type
     * @return what was stored
     * @throws dev.imagecatalog.error.ConflictException if a resource type of that name exists
     */
    MetadefResourceType insertResourceType(MetadefResourceType resourceType);

    /**
     * The resource type called {@code name}.
     *
     * @param name the resource type's name
     * @return it, or empty
     */
    Optional<MetadefResourceType> findResourceType(String name);

    /**
     * Every resource type.
     *
     * @return the resource types, sorted by name
     */
    List<MetadefResourceType> listResourceTypes();

    /**
     * Deletes the resource type called {@code name}; namespaces' associations with it are not touched.
     *
     * @param name the resource type's name
     * @return false if there was none
     */
    boolean deleteResourceType(String name);
}
