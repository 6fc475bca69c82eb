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

    /**
     * The caller this service acts for.
     *
     * @return the request context given when the service was made
     */
    RequestContext context();

    // ------------------------------------------------------------------ namespaces

    /**
     * Creates a namespace with whatever objects, properties, tags and resource type associations the draft holds
     * (resource types unknown so far are created). The owner defaults to the caller's project; timestamps and
     * version in the draft are ignored.
     *
     * @param draft the namespace to create, with its contents
     * @return the stored namespace, version 1, timestamps set
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if a namespace of that name exists
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefNamespace createNamespace(MetadefNamespace draft);

    /**
     * The namespace with all its contents.
     *
     * @param namespace the namespace's name
     * @return the namespace
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    MetadefNamespace getNamespace(String namespace);

    /**
     * The namespace as seen by {@code resourceType}: property names, object property names and object
     * {@code required} names carry the association's prefix (Glance's {@code ?resource_type=}). Unchanged when
     * the namespace is not associated with it.
     *
     * @param namespace the namespace's name
     * @param resourceType the resource type whose prefix to apply, such as {@code OS::Glance::Image}
     * @return the namespace, names prefixed
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    MetadefNamespace getNamespace(String namespace, String resourceType);

    /**
     * One page of the visible namespaces, with their contents.
     *
     * @param query the filters, sort, limit and marker
     * @return the page, with the marker of the next one if there is more
     * @throws dev.imagecatalog.error.InvalidInputException if the marker names no visible namespace
     */
    Page<MetadefNamespace> listNamespaces(NamespaceQuery query);

    /**
     * Replaces the namespace's own attributes (name, display name, description, visibility, protected, owner) by
     * the replacement's, as Glance's {@code PUT} does: contents are kept, an omitted visibility or protected flag
     * resets to private/false, a rename onto an existing name is a conflict. Unlike Glance, a null owner keeps the
     * current owner (Glance would hand the namespace to the caller's project).
     *
     * @param namespace the namespace's name
     * @param replacement the new attributes (its contents are ignored)
     * @return the namespace as stored
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the new name is taken
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefNamespace updateNamespace(String namespace, MetadefNamespace replacement);

    /**
     * Deletes the namespace and everything in it.
     *
     * @param namespace the namespace's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteNamespace(String namespace);

    /**
     * Deletes all the namespace's objects.
     *
     * @param namespace the namespace's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteObjects(String namespace);

    /**
     * Deletes all the namespace's (namespace-level) properties.
     *
     * @param namespace the namespace's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteProperties(String namespace);

    /**
     * Deletes all the namespace's tags.
     *
     * @param namespace the namespace's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteTags(String namespace);

    // ------------------------------------------------------------------ objects

    /**
     * Creates an object in the namespace (its timestamps are set now).
     *
     * @param namespace the namespace's name
     * @param object the object to create
     * @return the stored object
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the namespace already has an object of that name
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefObject createObject(String namespace, MetadefObject object);

    /**
     * The object called {@code name}.
     *
     * @param namespace the namespace's name
     * @param name the object's name
     * @return the object
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no object of that name
     */
    MetadefObject getObject(String namespace, String name);

    /**
     * The namespace's objects, in the order they were added.
     *
     * @param namespace the namespace's name
     * @return the objects
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    List<MetadefObject> listObjects(String namespace);

    /**
     * Replaces the object called {@code name} (the replacement may rename it).
     *
     * @param namespace the namespace's name
     * @param name        the object's current name
     * @param replacement the object's new content
     * @return the stored object
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no object of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the new name is taken
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefObject updateObject(String namespace, String name, MetadefObject replacement);

    /**
     * Deletes the object called {@code name} (refused in a protected namespace).
     *
     * @param namespace the namespace's name
     * @param name the object's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no object of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteObject(String namespace, String name);

    // ------------------------------------------------------------------ properties

    /**
     * Creates a (namespace-level) property.
     *
     * @param namespace the namespace's name
     * @param property the property to create
     * @return the stored property
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the namespace already has a property of that name
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefProperty createProperty(String namespace, MetadefProperty property);

    /**
     * The property called {@code name}.
     *
     * @param namespace the namespace's name
     * @param name the property's name
     * @return the property
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no property of that name
     */
    MetadefProperty getProperty(String namespace, String name);

    /**
     * The property whose name, prefixed as for {@code resourceType}, is {@code prefixedName}; not found if the
     * prefix does not match (Glance's {@code GET .../properties/{name}?resource_type=}).
     *
     * @param namespace the namespace's name
     * @param prefixedName the property's name with the association's prefix
     * @param resourceType the associated resource type
     * @return the property, its name prefixed
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace, or no property matches
     */
    MetadefProperty getProperty(String namespace, String prefixedName, String resourceType);

    /**
     * The namespace's (namespace-level) properties.
     *
     * @param namespace the namespace's name
     * @return the properties
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    List<MetadefProperty> listProperties(String namespace);

    /**
     * Replaces the property called {@code name} (the replacement may rename it).
     *
     * @param namespace the namespace's name
     * @param name        the property's current name
     * @param replacement the property's new definition
     * @return the stored property
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no property of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the new name is taken
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefProperty updateProperty(String namespace, String name, MetadefProperty replacement);

    /**
     * Deletes the property called {@code name} (refused in a protected namespace).
     *
     * @param namespace the namespace's name
     * @param name the property's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no property of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteProperty(String namespace, String name);

    // ------------------------------------------------------------------ tags

    /**
     * Creates one tag (appended to the existing ones).
     *
     * @param namespace the namespace's name
     * @param name the tag
     * @return the stored tag
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the namespace already has a tag of that name
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefTag createTag(String namespace, String name);

    /**
     * Creates several tags; {@link TagMode#REPLACE} drops the existing ones first. Duplicates in {@code names} conflict.
     *
     * @param namespace the namespace's name
     * @param names the tags to create
     * @param mode  whether to keep or drop the existing tags
     * @return the namespace's tags afterwards
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if a name repeats or, when appending, is already a tag
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    List<MetadefTag> createTags(String namespace, List<String> names, TagMode mode);

    /**
     * The tag called {@code name}.
     *
     * @param namespace the namespace's name
     * @param name the tag
     * @return the tag
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no tag of that name
     */
    MetadefTag getTag(String namespace, String name);

    /**
     * The namespace's tags, sorted by name.
     *
     * @param namespace the namespace's name
     * @return the tags
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    List<MetadefTag> listTags(String namespace);

    /**
     * Renames a tag.
     *
     * @param namespace the namespace's name
     * @param name    the tag's current name
     * @param newName its new name
     * @return the stored tag
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no tag of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the new name is taken
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefTag updateTag(String namespace, String name, String newName);

    /**
     * Deletes the tag called {@code name} (refused in a protected namespace).
     *
     * @param namespace the namespace's name
     * @param name the tag
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it has no tag of that name
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteTag(String namespace, String name);

    // ------------------------------------------------------------------ resource types

    /**
     * All resource types, sorted by name.
     *
     * @return the resource types
     */
    List<MetadefResourceType> listResourceTypes();

    /**
     * Creates a resource type ({@code metadef_admin} only).
     *
     * @param name the resource type's name, such as {@code OS::Nova::Server}
     * @return the stored resource type
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if it exists
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    MetadefResourceType createResourceType(String name);

    /**
     * Associates the namespace with a resource type, creating the resource type if unknown.
     *
     * @param namespace the namespace's name
     * @param association the resource type's name and the prefix and properties target it uses
     * @return the stored association
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.ConflictException if the namespace is already associated with that resource type
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    ResourceTypeAssociation createAssociation(String namespace, ResourceTypeAssociation association);

    /**
     * The namespace's resource type associations.
     *
     * @param namespace the namespace's name
     * @return the associations
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace
     */
    List<ResourceTypeAssociation> listAssociations(String namespace);

    /**
     * Removes the namespace's association with {@code resourceType} (refused in a protected namespace).
     *
     * @param namespace the namespace's name
     * @param resourceType the associated resource type's name
     * @throws dev.imagecatalog.error.NotFoundException if the caller does not see the namespace or it is not associated with that resource type
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller or the namespace is protected
     */
    void deleteAssociation(String namespace, String resourceType);

    // ------------------------------------------------------------------ import

    /**
     * Loads namespaces (as read from Glance's files by {@link MetadefImporter}); each existing one is handled as
     * {@code policy} says. Every namespace is checked before anything is written.
     *
     * @param namespaces the namespaces to load, with their contents
     * @param policy     what to do with a namespace that exists
     * @return how many namespaces were created, merged, replaced and skipped
     * @throws dev.imagecatalog.error.ForbiddenException if the rule of this call refuses the caller
     * @throws dev.imagecatalog.error.InvalidInputException naming the field when a name or attribute is bad
     */
    ImportReport importNamespaces(List<MetadefNamespace> namespaces, ExistingNamespacePolicy policy);

    // ------------------------------------------------------------------ applying definitions to images

    /**
     * True when the catalog checks image properties ({@value MetadefValidator#SETTING_KEY}).
     *
     * @return true if {@link #validateImageProperties} checks anything
     */
    boolean imagePropertyValidationEnabled();

    /**
     * When {@link #imagePropertyValidationEnabled()}, checks an image's custom properties against the definitions
     * of the namespaces in the caller's scope (whatever the read rules say) associated with
     * {@code OS::Glance::Image} (see {@link MetadefValidator}); does nothing otherwise.
     *
     * @param properties the image's custom properties
     * @throws dev.imagecatalog.error.InvalidInputException naming the key, the value and the rule broken
     */
    void validateImageProperties(Map<String, String> properties);

    /**
     * The definitions (of visible namespaces associated with images) that apply to these image properties.
     *
     * @param properties the image's custom properties
     * @return a definition for each property some visible namespace defines
     */
    List<ApplicableDefinition> definitionsForImage(Map<String, String> properties);
}
