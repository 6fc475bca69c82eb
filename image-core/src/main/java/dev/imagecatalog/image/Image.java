package dev.imagecatalog.image;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An image record: every Glance v2 field, immutable. Build one with {@link #builder()} or change a copy with
 * {@link #toBuilder()}. Unset optional values are null, as Glance renders them.
 *
 * <p>Beyond Glance's fields an image carries {@link #locations()} (where its bytes are; never credentials) and
 * {@link #version()}, the optimistic-concurrency revision every metadata back-end compares before it writes.
 */
public final class Image {
    private final String id;
    private final String name;
    private final ImageStatus status;
    private final Visibility visibility;
    private final boolean isProtected;
    private final boolean osHidden;
    private final String checksum;
    private final String osHashAlgo;
    private final String osHashValue;
    private final Long size;
    private final Long virtualSize;
    private final String diskFormat;
    private final String containerFormat;
    private final int minDisk;
    private final int minRam;
    private final String owner;
    private final SortedSet<String> tags;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final SortedMap<String, String> properties;
    private final List<ImageLocation> locations;
    private final long version;

    private Image(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.name = b.name;
        this.status = Objects.requireNonNull(b.status, "status");
        this.visibility = Objects.requireNonNull(b.visibility, "visibility");
        this.isProtected = b.isProtected;
        this.osHidden = b.osHidden;
        this.checksum = b.checksum;
        this.osHashAlgo = b.osHashAlgo;
        this.osHashValue = b.osHashValue;
        this.size = b.size;
        this.virtualSize = b.virtualSize;
        this.diskFormat = b.diskFormat;
        this.containerFormat = b.containerFormat;
        this.minDisk = b.minDisk;
        this.minRam = b.minRam;
        this.owner = b.owner;
        this.tags = Collections.unmodifiableSortedSet(new TreeSet<>(b.tags));
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
        this.properties = Collections.unmodifiableSortedMap(new TreeMap<>(b.properties));
        this.locations = List.copyOf(b.locations);
        this.version = b.version;
    }

    /** {@return an empty builder, for a metadata back-end building the records it reads} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding every field of this image} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return the image id, a UUID string} */
    public String id() { return id; }
    /** {@return the name, at most 255 characters; may be null} */
    public String name() { return name; }
    /** {@return the status} */
    public ImageStatus status() { return status; }
    /** {@return the visibility} */
    public Visibility visibility() { return visibility; }
    /** {@return Glance's {@code protected}: a protected image cannot be deleted} */
    public boolean isProtected() { return isProtected; }
    /** {@return Glance's {@code os_hidden}: hidden from the default list} */
    public boolean osHidden() { return osHidden; }
    /** {@return the hex MD5 of the data, or null before upload} */
    public String checksum() { return checksum; }
    /** {@return the multihash algorithm ({@code sha512} by default), or null before upload} */
    public String osHashAlgo() { return osHashAlgo; }
    /** {@return the hex multihash of the data, or null before upload} */
    public String osHashValue() { return osHashValue; }
    /** {@return the size of the data in bytes, or null before upload} */
    public Long size() { return size; }
    /** {@return the virtual disk size from format inspection, or null when unknown} */
    public Long virtualSize() { return virtualSize; }
    /** {@return the disk format, or null if not set} */
    public String diskFormat() { return diskFormat; }
    /** {@return the container format, or null if not set} */
    public String containerFormat() { return containerFormat; }
    /** {@return minimum disk in GB} */
    public int minDisk() { return minDisk; }
    /** {@return minimum RAM in MB} */
    public int minRam() { return minRam; }
    /** {@return the owning project, or null (visible to all, as in Glance)} */
    public String owner() { return owner; }
    /** {@return the tags, sorted, without duplicates} */
    public SortedSet<String> tags() { return tags; }
    /** {@return when the image was created} */
    public Instant createdAt() { return createdAt; }
    /** {@return when the image was last changed} */
    public Instant updatedAt() { return updatedAt; }
    /** {@return custom (additional) properties, sorted by key; values are strings as in Glance} */
    public SortedMap<String, String> properties() { return properties; }
    /** {@return every location of the data with its status, in the order added; empty before upload} */
    public List<ImageLocation> locations() { return locations; }

    /** {@return the active locations (complete, verified bytes), in the order added} */
    public List<StoreLocation> activeLocations() {
        return locations.stream().filter(ImageLocation::isActive).map(ImageLocation::location).toList();
    }

    /** {@return the ids of the stores holding active data, in the order added, each once (Glance's {@code stores})} */
    public List<String> stores() {
        return locations.stream().filter(ImageLocation::isActive).map(ImageLocation::storeId).distinct().toList();
    }
    /** {@return optimistic-concurrency revision; a metadata back-end increments it on every write} */
    public long version() { return version; }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Image)) {
            return false;
        }
        Image that = (Image) o;
        return isProtected == that.isProtected && osHidden == that.osHidden && minDisk == that.minDisk
                && minRam == that.minRam && version == that.version && id.equals(that.id)
                && Objects.equals(name, that.name) && status == that.status && visibility == that.visibility
                && Objects.equals(checksum, that.checksum) && Objects.equals(osHashAlgo, that.osHashAlgo)
                && Objects.equals(osHashValue, that.osHashValue) && Objects.equals(size, that.size)
                && Objects.equals(virtualSize, that.virtualSize) && Objects.equals(diskFormat, that.diskFormat)
                && Objects.equals(containerFormat, that.containerFormat) && Objects.equals(owner, that.owner)
                && tags.equals(that.tags) && createdAt.equals(that.createdAt) && updatedAt.equals(that.updatedAt)
                && properties.equals(that.properties) && locations.equals(that.locations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, status, updatedAt);
    }

    @Override
    public String toString() {
        return "Image{id=" + id + ", name=" + name + ", status=" + status + ", visibility=" + visibility
                + ", owner=" + owner + ", size=" + size + ", diskFormat=" + diskFormat + ", containerFormat="
                + containerFormat + ", tags=" + tags + ", properties=" + properties + ", version=" + version + "}";
    }

    /** A mutable builder for {@link Image}; {@code id}, {@code status}, {@code createdAt}, {@code updatedAt} are required. */
    public static final class Builder {
        private String id;
        private String name;
        private ImageStatus status = ImageStatus.QUEUED;
        private Visibility visibility = Visibility.SHARED;
        private boolean isProtected;
        private boolean osHidden;
        private String checksum;
        private String osHashAlgo;
        private String osHashValue;
        private Long size;
        private Long virtualSize;
        private String diskFormat;
        private String containerFormat;
        private int minDisk;
        private int minRam;
        private String owner;
        private SortedSet<String> tags = new TreeSet<>();
        private Instant createdAt;
        private Instant updatedAt;
        private SortedMap<String, String> properties = new TreeMap<>();
        private List<ImageLocation> locations = List.of();
        private long version;

        private Builder() {
        }

        private Builder(Image i) {
            id = i.id;
            name = i.name;
            status = i.status;
            visibility = i.visibility;
            isProtected = i.isProtected;
            osHidden = i.osHidden;
            checksum = i.checksum;
            osHashAlgo = i.osHashAlgo;
            osHashValue = i.osHashValue;
            size = i.size;
            virtualSize = i.virtualSize;
            diskFormat = i.diskFormat;
            containerFormat = i.containerFormat;
            minDisk = i.minDisk;
            minRam = i.minRam;
            owner = i.owner;
            tags = new TreeSet<>(i.tags);
            createdAt = i.createdAt;
            updatedAt = i.updatedAt;
            properties = new TreeMap<>(i.properties);
            locations = i.locations;
            version = i.version;
        }

        /** Sets {@link Image#id()}.
         * @param v the image id
         * @return this builder */
        public Builder id(String v) { id = v; return this; }
        /** Sets {@link Image#name()}.
         * @param v the name, or null
         * @return this builder */
        public Builder name(String v) { name = v; return this; }
        /** Sets {@link Image#status()}.
         * @param v the status
         * @return this builder */
        public Builder status(ImageStatus v) { status = v; return this; }
        /** Sets {@link Image#visibility()}.
         * @param v the visibility
         * @return this builder */
        public Builder visibility(Visibility v) { visibility = v; return this; }
        /** Sets {@link Image#isProtected()}.
         * @param v Glance's {@code protected}
         * @return this builder */
        public Builder isProtected(boolean v) { isProtected = v; return this; }
        /** Sets {@link Image#osHidden()}.
         * @param v Glance's {@code os_hidden}
         * @return this builder */
        public Builder osHidden(boolean v) { osHidden = v; return this; }
        /** Sets {@link Image#checksum()}.
         * @param v the hex MD5, or null
         * @return this builder */
        public Builder checksum(String v) { checksum = v; return this; }
        /** Sets {@link Image#osHashAlgo()}.
         * @param v the multihash algorithm, or null
         * @return this builder */
        public Builder osHashAlgo(String v) { osHashAlgo = v; return this; }
        /** Sets {@link Image#osHashValue()}.
         * @param v the hex multihash, or null
         * @return this builder */
        public Builder osHashValue(String v) { osHashValue = v; return this; }
        /** Sets {@link Image#size()}.
         * @param v the size in bytes, or null
         * @return this builder */
        public Builder size(Long v) { size = v; return this; }
        /** Sets {@link Image#virtualSize()}.
         * @param v the virtual size in bytes, or null
         * @return this builder */
        public Builder virtualSize(Long v) { virtualSize = v; return this; }
        /** Sets {@link Image#diskFormat()}.
         * @param v the disk format, or null
         * @return this builder */
        public Builder diskFormat(String v) { diskFormat = v; return this; }
        /** Sets {@link Image#containerFormat()}.
         * @param v the container format, or null
         * @return this builder */
        public Builder containerFormat(String v) { containerFormat = v; return this; }
        /** Sets {@link Image#minDisk()}.
         * @param v the minimum disk in GB
         * @return this builder */
        public Builder minDisk(int v) { minDisk = v; return this; }
        /** Sets {@link Image#minRam()}.
         * @param v the minimum RAM in MB
         * @return this builder */
        public Builder minRam(int v) { minRam = v; return this; }
        /** Sets {@link Image#owner()}.
         * @param v the owner project, or null
         * @return this builder */
        public Builder owner(String v) { owner = v; return this; }
        /** Replaces {@link Image#tags()}.
         * @param v the tags
         * @return this builder */
        public Builder tags(Collection<String> v) { tags = new TreeSet<>(v); return this; }
        /** Adds a tag.
         * @param v the tag
         * @return this builder */
        public Builder addTag(String v) { tags.add(v); return this; }
        /** Removes a tag, if present.
         * @param v the tag
         * @return this builder */
        public Builder removeTag(String v) { tags.remove(v); return this; }
        /** Sets {@link Image#createdAt()}.
         * @param v when the image was created, never null at {@link #build()}
         * @return this builder */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /** Sets {@link Image#updatedAt()}.
         * @param v when the image was last changed, never null at {@link #build()}
         * @return this builder */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        /** Replaces {@link Image#properties()}.
         * @param v name to value
         * @return this builder */
        public Builder properties(Map<String, String> v) { properties = new TreeMap<>(v); return this; }
        /**
         * Sets a custom property.
         *
         * @param k the property's name
         * @param v its value
         * @return this builder
         */
        public Builder property(String k, String v) { properties.put(k, v); return this; }
        /** Removes a custom property, if present.
         * @param k the property's name
         * @return this builder */
        public Builder removeProperty(String k) { properties.remove(k); return this; }
        /** Sets {@link Image#locations()}.
         * @param v where the data is stored, with each location's status
         * @return this builder */
        public Builder locations(List<ImageLocation> v) { locations = List.copyOf(v); return this; }
        /** Sets {@link Image#locations()} to one active location.
         * @param v where the complete, verified data is
         * @return this builder */
        public Builder activeLocation(StoreLocation v) { locations = List.of(ImageLocation.active(v)); return this; }
        /** Sets {@link Image#version()}.
         * @param v the revision
         * @return this builder */
        public Builder version(long v) { version = v; return this; }

        /**
         * Clears what Glance clears when an image goes back to {@code queued}: size, virtual size, checksums and
         * locations.
         *
         * @return this builder
         */
        public Builder clearData() {
            size = null;
            virtualSize = null;
            checksum = null;
            osHashAlgo = null;
            osHashValue = null;
            locations = List.of();
            return this;
        }

        /** {@return the image} */
        public Image build() {
            return new Image(this);
        }
    }
}
