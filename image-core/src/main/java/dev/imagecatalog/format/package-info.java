/**
 * Disk-image format inspection, usable without a catalog: {@link dev.imagecatalog.format.FormatInspector} tells
 * what an image is (Glance's {@code disk_format} names), its virtual size, and whether it is safe, in one
 * streaming pass with bounded memory. The catalog runs it on every upload with {@code container_format = bare}
 * and refuses an unsafe image before it is stored.
 */
package dev.imagecatalog.format;
