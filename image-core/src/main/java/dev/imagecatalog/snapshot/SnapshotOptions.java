package dev.imagecatalog.snapshot;

import dev.imagecatalog.data.ProgressListener;
import dev.imagecatalog.image.Visibility;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a snapshot or backup sets beyond what it inherits. Null fields keep the inherited value (or the default).
 *
 * @param diskFormat      the disk format, or null for the base image's (else {@code raw})
 * @param containerFormat the container format, or null for the base image's (else {@code bare})
 * @param minDisk         min_disk in GiB, or null for the base image's
 * @param minRam          min_ram in MiB, or null for the base image's
 * @param visibility      the visibility, or null for private
 * @param properties      extra properties, set last (they win over inherited ones and the snapshot's own)
 * @param progress        told of the bytes uploaded, or null
 */
public record SnapshotOptions(String diskFormat, String containerFormat, Integer minDisk, Integer minRam,
                              Visibility visibility, Map<String, String> properties, ProgressListener progress) {
    /**
     * Copies the properties.
     *
     * @param diskFormat the disk format, or null for the base image's (else {@code raw})
     * @param containerFormat the container format, or null for the base image's (else {@code bare})
     * @param minDisk min_disk in GiB, or null for the base image's
     * @param minRam min_ram in MiB, or null for the base image's
     * @param visibility the visibility, or null for private
     * @param properties extra properties, set last (they win over inherited ones and the snapshot's own)
     * @param progress told of the bytes uploaded, or null
     */
    public SnapshotOptions {
        properties = Map.copyOf(properties == null ? Map.of() : properties);
    }

    /** {@return nothing overridden, private, no progress} */
    public static SnapshotOptions defaults() {
        return builder().build();
    }

    /** {@return a builder with nothing set} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SnapshotOptions}. */
    public static final class Builder {
        private String diskFormat;
        private String containerFormat;
        private Integer minDisk;
        private Integer minRam;
        private Visibility visibility;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private ProgressListener progress;

        private Builder() {
        }

        /**
         * Sets the disk format.
         *
         * @param v the format, or null to inherit
         * @return this builder
         */
        public Builder diskFormat(String v) {
            diskFormat = v;
            return this;
        }

        /**
         * Sets the container format.
         *
         * @param v the format, or null to inherit
         * @return this builder
         */
        public Builder containerFormat(String v) {
            containerFormat = v;
            return this;
        }

        /**
         * Sets min_disk.
         *
         * @param v GiB, or null to inherit
         * @return this builder
         */
        public Builder minDisk(Integer v) {
            minDisk = v;
            return this;
        }

        /**
         * Sets min_ram.
         *
         * @param v MiB, or null to inherit
         * @return this builder
         */
        public Builder minRam(Integer v) {
            minRam = v;
            return this;
        }

        /**
         * Sets the visibility.
         *
         * @param v the visibility, or null for private
         * @return this builder
         */
        public Builder visibility(Visibility v) {
            visibility = v;
            return this;
        }

        /**
         * Sets one extra property.
         *
         * @param key   the key
         * @param value the value
         * @return this builder
         */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param v told of the bytes uploaded, or null
         * @return this builder
         */
        public Builder progress(ProgressListener v) {
            progress = v;
            return this;
        }

        /** {@return the options} */
        public SnapshotOptions build() {
            return new SnapshotOptions(diskFormat, containerFormat, minDisk, minRam, visibility, properties,
                    progress);
        }
    }
}
