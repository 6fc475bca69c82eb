package dev.imagecatalog.spi;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.nio.file.Path;

/** The image an {@link ImportPlugin} works on: its record, its staged data file, and the changes the plug-in asks for. */
public interface StagedImage {

    /** {@return the image as it was when the import started, with the formats and properties set so far} */
    Image image();

    /** {@return who asked for the import} */
    RequestContext caller();

    /** {@return the staged data: a regular file in the catalog's staging area, read by the plug-in, never written} */
    Path data();

    /**
     * A new empty file in the staging area for the plug-in to write replacement data to.
     *
     * @return the file's path
     * @throws IOException if it cannot be created
     */
    Path newDataFile() throws IOException;

    /**
     * Makes {@code file} the staged data; the previous data file is deleted.
     *
     * @param file a file from {@link #newDataFile()}
     * @throws IllegalArgumentException for any other file
     */
    void replaceData(Path file);

    /**
     * Sets the image's {@code disk_format}.
     *
     * @param diskFormat one of the catalog's disk formats
     */
    void setDiskFormat(String diskFormat);

    /**
     * Sets the image's {@code container_format}.
     *
     * @param containerFormat one of the catalog's container formats
     */
    void setContainerFormat(String containerFormat);

    /**
     * Sets an image property. Keys starting with {@code os_glance} are dropped (never injectable).
     *
     * @param key   the property's key
     * @param value its value
     */
    void setProperty(String key, String value);

    /**
     * Tells the import's task what the plug-in is doing (its {@code message}).
     *
     * @param message a short text
     */
    void progress(String message);
}
