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
    String NAMESPACE_CREATE = "metadef_namespace.create";
    String NAMESPACE_UPDATE = "metadef_namespace.update";
    String NAMESPACE_DELETE = "metadef_namespace.delete";
    String NAMESPACE_DELETE_OBJECTS = "metadef_namespace.delete_objects";
    String NAMESPACE_DELETE_PROPERTIES = "metadef_namespace.delete_properties";
    String NAMESPACE_DELETE_TAGS = "metadef_namespace.delete_tags";
    String OBJECT_CREATE = "metadef_object.create";
    String OBJECT_UPDATE = "metadef_object.update";
    String OBJECT_DELETE = "metadef_object.delete";
    String PROPERTY_CREATE = "metadef_property.create";
    String PROPERTY_UPDATE = "metadef_property.update";
    String PROPERTY_DELETE = "metadef_property.delete";
    String TAG_CREATE = "metadef_tag.create";
    String TAG_UPDATE = "metadef_tag.update";
    String TAG_DELETE = "metadef_tag.delete";
    String RESOURCE_TYPE_CREATE = "metadef_resource_type.create";
    String RESOURCE_TYPE_DELETE = "metadef_resource_type.delete";

    /**
     * Called once per change.
     *
     * @param eventType one of the constants of this interface
     * @param payload   what changed: {@code namespace}, {@code name} and the changed attributes
     */
    void onEvent(String eventType, Map<String, Object> payload);
}
