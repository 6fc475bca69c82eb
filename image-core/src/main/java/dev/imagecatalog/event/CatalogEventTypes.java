package dev.imagecatalog.event;

/**
 * The event types a catalog sends, named as Glance names its notifications ({@code <resource>.<action>}), so a
 * {@link CatalogEventListener} can switch on {@link CatalogEvent#type()}. Payloads are described in image-core's
 * README (section Events).
 */
public final class CatalogEventTypes {
    /** An image was created. */
    public static final String IMAGE_CREATE = "image.create";
    /** An image's attributes or tags changed (a patch, a tag added or removed, a restore). */
    public static final String IMAGE_UPDATE = "image.update";
    /** An upload is starting (payload {@code backend}: the store id). */
    public static final String IMAGE_PREPARE = "image.prepare";
    /** An upload stored its data; with priority ERROR, an upload failed once data was being taken. */
    public static final String IMAGE_UPLOAD = "image.upload";
    /** An image became active. */
    public static final String IMAGE_ACTIVATE = "image.activate";
    /** An image was deactivated. */
    public static final String IMAGE_DEACTIVATE = "image.deactivate";
    /** An image was reactivated. */
    public static final String IMAGE_REACTIVATE = "image.reactivate";
    /** An image was deleted (or moved to pending_delete). */
    public static final String IMAGE_DELETE = "image.delete";
    /** A download stream was closed (payload {@code bytes_sent}, receiver ids). */
    public static final String IMAGE_SEND = "image.send";
    /** A member was added to an image. */
    public static final String IMAGE_MEMBER_CREATE = "image.member.create";
    /** A member's status changed. */
    public static final String IMAGE_MEMBER_UPDATE = "image.member.update";
    /** A member was removed. */
    public static final String IMAGE_MEMBER_DELETE = "image.member.delete";

    /** A task was created. */
    public static final String TASK_CREATE = "task.create";
    /** A task was handed to a worker. */
    public static final String TASK_RUN = "task.run";
    /** A task started processing. */
    public static final String TASK_PROCESSING = "task.processing";
    /** A task ended well. */
    public static final String TASK_SUCCESS = "task.success";
    /** A task ended badly. */
    public static final String TASK_FAILURE = "task.failure";
    /** An expired task was deleted. */
    public static final String TASK_DELETE = "task.delete";

    /** A metadef namespace was created. */
    public static final String METADEF_NAMESPACE_CREATE = "metadef_namespace.create";
    /** A metadef namespace's attributes changed (payload {@code namespace_old} on a rename). */
    public static final String METADEF_NAMESPACE_UPDATE = "metadef_namespace.update";
    /** A metadef namespace was deleted with its contents. */
    public static final String METADEF_NAMESPACE_DELETE = "metadef_namespace.delete";
    /** Every object of a namespace was deleted. */
    public static final String METADEF_NAMESPACE_DELETE_OBJECTS = "metadef_namespace.delete_objects";
    /** Every property of a namespace was deleted. */
    public static final String METADEF_NAMESPACE_DELETE_PROPERTIES = "metadef_namespace.delete_properties";
    /** Every tag of a namespace was deleted. */
    public static final String METADEF_NAMESPACE_DELETE_TAGS = "metadef_namespace.delete_tags";
    /** A metadef object was created. */
    public static final String METADEF_OBJECT_CREATE = "metadef_object.create";
    /** A metadef object changed. */
    public static final String METADEF_OBJECT_UPDATE = "metadef_object.update";
    /** A metadef object was deleted. */
    public static final String METADEF_OBJECT_DELETE = "metadef_object.delete";
    /** A metadef property was created. */
    public static final String METADEF_PROPERTY_CREATE = "metadef_property.create";
    /** A metadef property changed. */
    public static final String METADEF_PROPERTY_UPDATE = "metadef_property.update";
    /** A metadef property was deleted. */
    public static final String METADEF_PROPERTY_DELETE = "metadef_property.delete";
    /** A metadef tag was created. */
    public static final String METADEF_TAG_CREATE = "metadef_tag.create";
    /** A metadef tag was renamed. */
    public static final String METADEF_TAG_UPDATE = "metadef_tag.update";
    /** A metadef tag was deleted. */
    public static final String METADEF_TAG_DELETE = "metadef_tag.delete";
    /** A resource type was created, or associated with a namespace. */
    public static final String METADEF_RESOURCE_TYPE_CREATE = "metadef_resource_type.create";
    /** A resource type was dissociated from a namespace. */
    public static final String METADEF_RESOURCE_TYPE_DELETE = "metadef_resource_type.delete";

    private CatalogEventTypes() {
    }
}
