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

    public static Builder builder() {
        return new Builder();
    }

    /** The caller-chosen id (a UUID, in any case; the image gets its lower-case form), or null for a generated one. */
    public String id() { return id; }
    public String name() { return name; }
    /** Null means the default, {@code shared}. */
    public Visibility visibility() { return visibility; }
    public Boolean isProtected() { return isProtected; }
    public Boolean osHidden() { return osHidden; }
    public String diskFormat() { return diskFormat; }
    public String containerFormat() { return containerFormat; }
    public Integer minDisk() { return minDisk; }
    public Integer minRam() { return minRam; }
    /** Null means the caller's project; another project needs an administrator. */
    public String owner() { return owner; }
    public Set<String> tags() { return tags; }
    /** Custom properties (string values, as in Glance). */
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

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder visibility(Visibility v) { visibility = v; return this; }
        public Builder isProtected(boolean v) { isProtected = v; return this; }
        public Builder osHidden(boolean v) { osHidden = v; return this; }
        public Builder diskFormat(String v) { diskFormat = v; return this; }
        public Builder containerFormat(String v) { containerFormat = v; return this; }
        public Builder minDisk(int v) { minDisk = v; return this; }
        public Builder minRam(int v) { minRam = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder tag(String v) { tags.add(v); return this; }
        public Builder tags(Collection<String> v) { tags.addAll(v); return this; }
        public Builder property(String k, String v) { properties.put(k, v); return this; }
        public Builder properties(Map<String, String> v) { properties.putAll(v); return this; }

        public ImageDraft build() {
            return new ImageDraft(this);
        }
    }
}
