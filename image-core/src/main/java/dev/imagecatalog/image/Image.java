package dev.imagecatalog.image;

import dev.imagecatalog.spi.StoreLocation;
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
    private final List<StoreLocation> locations;
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

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The image id, a UUID string. */
    public String id() { return id; }
    /** The name, at most 255 characters; may be null. */
    public String name() { return name; }
    public ImageStatus status() { return status; }
    public Visibility visibility() { return visibility; }
    /** Glance's {@code protected}: a protected image cannot be deleted. */
    public boolean isProtected() { return isProtected; }
    /** Glance's {@code os_hidden}: hidden from the default list. */
    public boolean osHidden() { return osHidden; }
    /** The hex MD5 of the data, or null before upload. */
    public String checksum() { return checksum; }
    /** The multihash algorithm ({@code sha512} by default), or null before upload. */
    public String osHashAlgo() { return osHashAlgo; }
    /** The hex multihash of the data, or null before upload. */
    public String osHashValue() { return osHashValue; }
    /** The size of the data in bytes, or null before upload. */
    public Long size() { return size; }
    /** The virtual disk size from format inspection, or null when unknown. */
    public Long virtualSize() { return virtualSize; }
    public String diskFormat() { return diskFormat; }
    public String containerFormat() { return containerFormat; }
    /** Minimum disk in GB. */
    public int minDisk() { return minDisk; }
    /** Minimum RAM in MB. */
    public int minRam() { return minRam; }
    /** The owning project, or null (visible to all, as in Glance). */
    public String owner() { return owner; }
    /** The tags, sorted, without duplicates. */
    public SortedSet<String> tags() { return tags; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    /** Custom (additional) properties, sorted by key; values are strings as in Glance. */
    public SortedMap<String, String> properties() { return properties; }
    /** Where the data is stored; empty before upload. */
    public List<StoreLocation> locations() { return locations; }
    /** Optimistic-concurrency revision; a metadata back-end increments it on every write. */
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
        private List<StoreLocation> locations = List.of();
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

        public Builder id(String v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder status(ImageStatus v) { status = v; return this; }
        public Builder visibility(Visibility v) { visibility = v; return this; }
        public Builder isProtected(boolean v) { isProtected = v; return this; }
        public Builder osHidden(boolean v) { osHidden = v; return this; }
        public Builder checksum(String v) { checksum = v; return this; }
        public Builder osHashAlgo(String v) { osHashAlgo = v; return this; }
        public Builder osHashValue(String v) { osHashValue = v; return this; }
        public Builder size(Long v) { size = v; return this; }
        public Builder virtualSize(Long v) { virtualSize = v; return this; }
        public Builder diskFormat(String v) { diskFormat = v; return this; }
        public Builder containerFormat(String v) { containerFormat = v; return this; }
        public Builder minDisk(int v) { minDisk = v; return this; }
        public Builder minRam(int v) { minRam = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder tags(Collection<String> v) { tags = new TreeSet<>(v); return this; }
        public Builder addTag(String v) { tags.add(v); return this; }
        public Builder removeTag(String v) { tags.remove(v); return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder properties(Map<String, String> v) { properties = new TreeMap<>(v); return this; }
        public Builder property(String k, String v) { properties.put(k, v); return this; }
        public Builder removeProperty(String k) { properties.remove(k); return this; }
        public Builder locations(List<StoreLocation> v) { locations = List.copyOf(v); return this; }
        public Builder version(long v) { version = v; return this; }

        /**
         * Clears what Glance clears when an image goes back to {@code queued}: size, virtual size, checksums and
         * locations.
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

        public Image build() {
            return new Image(this);
        }
    }
}
