package dev.imagecatalog.image;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link ImageService#create(ImageDraft)} takes: the writable attributes of a new image. Everything is
 * optional; unset values take Glance's defaults (visibility {@code shared}, owner = the caller's project,
 * min_disk/min_ram 0, not protected, not hidden).
 */
public final class ImageDraft {
    private final String id;
    private final String name;
    private final Visibility visibility;
    private final Boolean isProtected;
    private final Boolean osHidden;
    private final String diskFormat;
    private final String containerFormat;
    private final Integer minDisk;
    private final Integer minRam;
    private final String owner;
    private final Set<String> tags;
    private final Map<String, String> properties;

    private ImageDraft(Builder b) {
        id = b.id;
        name = b.name;
        visibility = b.visibility;
        isProtected = b.isProtected;
        osHidden = b.osHidden;
        diskFormat = b.diskFormat;
        containerFormat = b.containerFormat;
        minDisk = b.minDisk;
        minRam = b.minRam;
        owner = b.owner;
        tags = Set.copyOf(b.tags);
        properties = Map.copyOf(b.properties);
    }

    /** {@return an empty draft's builder: every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the caller-chosen id (a UUID, in any case; the image gets its lower-case form), or null for a
     * generated one}
     */
    public String id() { return id; }
    /** {@return the name, or null if not given} */
    public String name() { return name; }
    /** {@return the visibility, or null for the default, {@code shared}} */
    public Visibility visibility() { return visibility; }
    /** {@return Glance's {@code protected}, or null for the default, false} */
    public Boolean isProtected() { return isProtected; }
    /** {@return Glance's {@code os_hidden}, or null for the default, false} */
    public Boolean osHidden() { return osHidden; }
    /** {@return the disk format, or null if not given} */
    public String diskFormat() { return diskFormat; }
    /** {@return the container format, or null if not given} */
    public String containerFormat() { return containerFormat; }
    /** {@return the minimum disk in GB, or null for the default, 0} */
    public Integer minDisk() { return minDisk; }
    /** {@return the minimum RAM in MB, or null for the default, 0} */
    public Integer minRam() { return minRam; }
    /** {@return the owner project, or null for the caller's project; another project needs an administrator} */
    public String owner() { return owner; }
    /** {@return the tags} */
    public Set<String> tags() { return tags; }
    /** {@return custom properties (string values, as in Glance)} */
    public Map<String, String> properties() { return properties; }

    /** Builder for {@link ImageDraft}. */
    public static final class Builder {
        private String id;
        private String name;
        private Visibility visibility;
        private Boolean isProtected;
        private Boolean osHidden;
        private String diskFormat;
        private String containerFormat;
        private Integer minDisk;
        private Integer minRam;
        private String owner;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Map<String, String> properties = new TreeMap<>();

        private Builder() {
        }

        /** Chooses the image's id.
         * @param v a UUID, or null for a generated one
         * @return this builder */
        public Builder id(String v) { id = v; return this; }
        /** Sets the name.
         * @param v the name, at most 255 characters
         * @return this builder */
        public Builder name(String v) { name = v; return this; }
        /** Sets the visibility.
         * @param v the visibility, or null for the default, {@code shared}
         * @return this builder */
        public Builder visibility(Visibility v) { visibility = v; return this; }
        /** Sets Glance's {@code protected}: a protected image cannot be deleted.
         * @param v the value
         * @return this builder */
        public Builder isProtected(boolean v) { isProtected = v; return this; }
        /** Sets Glance's {@code os_hidden}: a hidden image is left out of the default list.
         * @param v the value
         * @return this builder */
        public Builder osHidden(boolean v) { osHidden = v; return this; }
        /** Sets the disk format.
         * @param v one of the catalog's disk formats ({@link ImageFormats})
         * @return this builder */
        public Builder diskFormat(String v) { diskFormat = v; return this; }
        /** Sets the container format.
         * @param v one of the catalog's container formats ({@link ImageFormats})
         * @return this builder */
        public Builder containerFormat(String v) { containerFormat = v; return this; }
        /** Sets the minimum disk.
         * @param v the size in GB
         * @return this builder */
        public Builder minDisk(int v) { minDisk = v; return this; }
        /** Sets the minimum RAM.
         * @param v the size in MB
         * @return this builder */
        public Builder minRam(int v) { minRam = v; return this; }
        /** Sets the owner project; another project than the caller's needs an administrator.
         * @param v the project id, or null for the caller's
         * @return this builder */
        public Builder owner(String v) { owner = v; return this; }
        /** Adds a tag.
         * @param v the tag
         * @return this builder */
        public Builder tag(String v) { tags.add(v); return this; }
        /** Adds tags.
         * @param v the tags
         * @return this builder */
        public Builder tags(Collection<String> v) { tags.addAll(v); return this; }
        /**
         * Sets a custom property.
         *
         * @param k the property's name
         * @param v its value
         * @return this builder
         */
        public Builder property(String k, String v) { properties.put(k, v); return this; }
        /** Sets custom properties.
         * @param v name to value
         * @return this builder */
        public Builder properties(Map<String, String> v) { properties.putAll(v); return this; }

        /** {@return the draft} */
        public ImageDraft build() {
            return new ImageDraft(this);
        }
    }
}
