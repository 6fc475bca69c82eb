package dev.imagecatalog.metadef;

import java.util.Map;

/**
 * Hears about changes to the metadata definitions catalog, after they are stored. Event types follow Glance's
 * notification names ({@code metadef_namespace.create}, {@code metadef_object.update},
 * {@code metadef_tag.delete}, ...: see the constants); the payload is an unmodifiable map with
 * {@code namespace} (absent only for a resource type created on its own) and, for contents and resource types,
 * {@code name}.
 *
 * <p>Listeners run on the caller's thread; an exception a listener throws is logged and does not undo or fail
 * the change. Register listeners with {@link MetadefServiceFactory.Builder#listener}.
 */
@FunctionalInterface
public interface MetadefEventListener {
    /** A namespace was created. */
    String NAMESPACE_CREATE = "metadef_namespace.create";
    /** A namespace was updated (or merged or replaced by an import). */
    String NAMESPACE_UPDATE = "metadef_namespace.update";
    /** A namespace was deleted. */
    String NAMESPACE_DELETE = "metadef_namespace.delete";
    /** All objects of a namespace were deleted. */
    String NAMESPACE_DELETE_OBJECTS = "metadef_namespace.delete_objects";
    /** All properties of a namespace were deleted. */
    String NAMESPACE_DELETE_PROPERTIES = "metadef_namespace.delete_properties";
    /** All tags of a namespace were deleted (or replaced). */
    String NAMESPACE_DELETE_TAGS = "metadef_namespace.delete_tags";
    /** An object was created. */
    String OBJECT_CREATE = "metadef_object.create";
    /** An object was updated. */
    String OBJECT_UPDATE = "metadef_object.update";
    /** An object was deleted. */
    String OBJECT_DELETE = "metadef_object.delete";
    /** A property was created. */
    String PROPERTY_CREATE = "metadef_property.create";
    /** A property was updated. */
    String PROPERTY_UPDATE = "metadef_property.update";
    /** A property was deleted. */
    String PROPERTY_DELETE = "metadef_property.delete";
    /** A tag was created. */
    String TAG_CREATE = "metadef_tag.create";
    /** A tag was renamed. */
    String TAG_UPDATE = "metadef_tag.update";
    /** A tag was deleted. */
    String TAG_DELETE = "metadef_tag.delete";
    /** A resource type or a namespace's association with one was created. */
    String RESOURCE_TYPE_CREATE = "metadef_resource_type.create";
    /** A namespace's association with a resource type was removed. */
    String RESOURCE_TYPE_DELETE = "metadef_resource_type.delete";

    /**
     * Called once per change.
     *
     * @param eventType one of the constants of this interface
     * @param payload   what changed: {@code namespace}, {@code name} and the changed attributes
     */
    void onEvent(String eventType, Map<String, Object> payload);
}
