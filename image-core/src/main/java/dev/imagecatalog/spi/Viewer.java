package dev.imagecatalog.spi;

/**
 * Who is looking, as a metadata back-end needs it to apply visibility rules in its query.
 *
 * @param projectId the caller's project (may be null for an administrator)
 * @param admin     whether the caller sees every image
 */
public record Viewer(String projectId, boolean admin) {
}
