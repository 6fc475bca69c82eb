package dev.imagecatalog.image;

import java.util.Set;

/**
 * The disk and container formats a catalog accepts. Glance's defaults, replaceable from configuration
 * ({@code formats.disk}, {@code formats.container}).
 *
 * @param diskFormats      accepted {@code disk_format} values
 * @param containerFormats accepted {@code container_format} values
 */
public record ImageFormats(Set<String> diskFormats, Set<String> containerFormats) {

    /** Glance's default disk formats. */
    public static final Set<String> DEFAULT_DISK_FORMATS =
            Set.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop");

    /** Glance's default container formats. */
    public static final Set<String> DEFAULT_CONTAINER_FORMATS =
            Set.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");

    /**
     * Copies the sets.
     *
     * @param diskFormats      accepted {@code disk_format} values
     * @param containerFormats accepted {@code container_format} values
     */
    public ImageFormats {
        diskFormats = Set.copyOf(diskFormats);
        containerFormats = Set.copyOf(containerFormats);
    }

    /** {@return Glance's defaults} */
    public static ImageFormats glanceDefaults() {
        return new ImageFormats(DEFAULT_DISK_FORMATS, DEFAULT_CONTAINER_FORMATS);
    }
}
