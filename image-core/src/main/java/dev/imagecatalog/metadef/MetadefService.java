package dev.imagecatalog.metadef;

import dev.imagecatalog.image.Page;
import dev.imagecatalog.policy.RequestContext;
import java.util.List;
import java.util.Map;

/**
 * The metadata definitions catalog (Glance's {@code /v2/metadefs}), bound to one {@link RequestContext}. Obtain
 * one from {@link MetadefServiceFactory}.
 *
 * <p>Access, as Glance decides it, through the catalog's {@link dev.imagecatalog.policy.Policy} and Glance's
 * metadef rule names ({@code get_metadef_namespace}, {@code add_metadef_namespace}, ...; {@code policy.<rule>}
 * settings override them):
 * <ul>
 *   <li>A namespace is in a caller's scope if the caller is an admin, the namespace is public or has no owner, or
 *       the caller's project owns it; the caller sees it if it is in scope and {@code get_metadef_namespace}
 *       allows it (by default: admins, and readers of the owning project or of a public namespace). A namespace
 *       the caller does not see is a {@link dev.imagecatalog.error.NotFoundException} for every call, never a forbidden
 *       one.</li>
 *   <li>Each call then checks its rule ({@code add_metadef_property}, {@code delete_metadef_tag}, ...) on the
 *       namespace; refused, it is a {@link dev.imagecatalog.error.ForbiddenException} naming the rule. By default writes
 *       need {@code metadef_admin} (the admin role) or the {@code member} role in the owning project. Only a
 *       {@code metadef_admin} creates public namespaces or namespaces of another project, makes a namespace public,
 *       gives one to another project, creates resource types, or imports with
 *       {@link ExistingNamespacePolicy#REPLACE}.</li>
 *   <li>A protected namespace refuses deletion of itself and of its contents (objects, properties, tags,
 *       associations) with a {@link dev.imagecatalog.error.ForbiddenException}; it can still be updated.</li>
 *   <li>Duplicate names (namespaces globally; objects, properties, tags per namespace) are a
 *       {@link dev.imagecatalog.error.ConflictException}; bad names and attributes an
 *       {@link dev.imagecatalog.error.InvalidInputException} naming the field.</li>
 * </ul>
 * Every change is reported to the factory's {@link dev.imagecatalog.event.CatalogEventListener}s after it is stored.
 */
public interface MetadefService {

    /** The caller this service acts for. */
    RequestContext context();

    // ------------------------------------------------------------------ namespaces

    /**
     * Creates a namespace with whatever objects, properties, tags and resource type associations the draft holds
     * (resource types unknown so far are created). The owner defaults to the caller's project; timestamps and
     * version in the draft are ignored.
     */
    MetadefNamespace createNamespace(MetadefNamespace draft);

    /** The namespace with all its contents. */
    MetadefNamespace getNamespace(String namespace);

    /**
     * The namespace as seen by {@code resourceType}: property names, object property names and object
     * {@code required} names carry the association's prefix (Glance's {@code ?resource_type=}). Unchanged when
     * the namespace is not associated with it.
     */
    MetadefNamespace getNamespace(String namespace, String resourceType);

    /** One page of the visible namespaces, with their contents. */
    Page<MetadefNamespace> listNamespaces(NamespaceQuery query);

    /**
     * Replaces the namespace's own attributes (name, display name, description, visibility, protected, owner) by
     * the replacement's, as Glance's {@code PUT} does: contents are kept, an omitted visibility or protected flag
     * resets to private/false, a rename onto an existing name is a conflict. Unlike Glance, a null owner keeps the
     * current owner (Glance would hand the namespace to the caller's project).
     */
    MetadefNamespace updateNamespace(String namespace, MetadefNamespace replacement);

    /** Deletes the namespace and everything in it. */
    void deleteNamespace(String namespace);

    /** Deletes all the namespace's objects. */
    void deleteObjects(String namespace);

    /** Deletes all the namespace's (namespace-level) properties. */
    void deleteProperties(String namespace);

    /** Deletes all the namespace's tags. */
    void deleteTags(String namespace);

    // ------------------------------------------------------------------ objects

    /** Creates an object in the namespace (its timestamps are set now). */
    MetadefObject createObject(String namespace, MetadefObject object);

    /** The object called {@code name}. */
    MetadefObject getObject(String namespace, String name);

    /** The namespace's objects, in the order they were added. */
    List<MetadefObject> listObjects(String namespace);

    /** Replaces the object called {@code name} (the replacement may rename it). */
    MetadefObject updateObject(String namespace, String name, MetadefObject replacement);

    /** Deletes the object called {@code name} (refused in a protected namespace). */
    void deleteObject(String namespace, String name);

    // ------------------------------------------------------------------ properties

    /** Creates a (namespace-level) property. */
    MetadefProperty createProperty(String namespace, MetadefProperty property);

    /** The property called {@code name}. */
    MetadefProperty getProperty(String namespace, String name);

    /**
     * The property whose name, prefixed as for {@code resourceType}, is {@code prefixedName}; not found if the
     * prefix does not match (Glance's {@code GET .../properties/{name}?resource_type=}).
     */
    MetadefProperty getProperty(String namespace, String prefixedName, String resourceType);

    /** The namespace's (namespace-level) properties. */
    List<MetadefProperty> listProperties(String namespace);

    /** Replaces the property called {@code name} (the replacement may rename it). */
    MetadefProperty updateProperty(String namespace, String name, MetadefProperty replacement);

    /** Deletes the property called {@code name} (refused in a protected namespace). */
    void deleteProperty(String namespace, String name);

    // ------------------------------------------------------------------ tags

    /** Creates one tag (appended to the existing ones). */
    MetadefTag createTag(String namespace, String name);

    /** Creates several tags; {@link TagMode#REPLACE} drops the existing ones first. Duplicates in {@code names} conflict. */
    List<MetadefTag> createTags(String namespace, List<String> names, TagMode mode);

    /** The tag called {@code name}. */
    MetadefTag getTag(String namespace, String name);

    /** The namespace's tags, sorted by name. */
    List<MetadefTag> listTags(String namespace);

    /** Renames a tag. */
    MetadefTag updateTag(String namespace, String name, String newName);

    /** Deletes the tag called {@code name} (refused in a protected namespace). */
    void deleteTag(String namespace, String name);

    // ------------------------------------------------------------------ resource types

    /** All resource types, sorted by name. */
    List<MetadefResourceType> listResourceTypes();

    /** Creates a resource type ({@code metadef_admin} only). */
    MetadefResourceType createResourceType(String name);

    /** Associates the namespace with a resource type, creating the resource type if unknown. */
    ResourceTypeAssociation createAssociation(String namespace, ResourceTypeAssociation association);

    /** The namespace's resource type associations. */
    List<ResourceTypeAssociation> listAssociations(String namespace);

    /** Removes the namespace's association with {@code resourceType} (refused in a protected namespace). */
    void deleteAssociation(String namespace, String resourceType);

    // ------------------------------------------------------------------ import

    /**
     * Loads namespaces (as read from Glance's files by {@link MetadefImporter}); each existing one is handled as
     * {@code policy} says. Every namespace is checked before anything is written.
     */
    ImportReport importNamespaces(List<MetadefNamespace> namespaces, ExistingNamespacePolicy policy);

    // ------------------------------------------------------------------ applying definitions to images

    /** True when the catalog checks image properties ({@value MetadefValidator#SETTING_KEY}). */
    boolean imagePropertyValidationEnabled();

    /**
     * When {@link #imagePropertyValidationEnabled()}, checks an image's custom properties against the definitions
     * of the namespaces in the caller's scope (whatever the read rules say) associated with
     * {@code OS::Glance::Image} (see {@link MetadefValidator}); does nothing otherwise.
     *
     * @throws dev.imagecatalog.error.InvalidInputException naming the key, the value and the rule broken
     */
    void validateImageProperties(Map<String, String> properties);

    /** The definitions (of visible namespaces associated with images) that apply to these image properties. */
    List<ApplicableDefinition> definitionsForImage(Map<String, String> properties);
}
