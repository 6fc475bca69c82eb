package dev.imagecatalog.metadef;

/** What {@link MetadefService#createTags} does with a namespace's existing tags. */
public enum TagMode {
    /** Drop the existing tags first (Glance's default for {@code POST .../tags}). */
    REPLACE,
    /** Keep them and add the new ones (Glance's {@code X-Openstack-Append: true}). */
    APPEND
}
