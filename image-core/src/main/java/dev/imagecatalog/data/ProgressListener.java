package dev.imagecatalog.data;

/**
 * Observes a long upload. Called on the uploading thread after each buffer is accepted, so keep it quick; a
 * listener that throws is logged and ignored, never failing the upload.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Tells how far the upload is.
     *
     * @param bytesSoFar    bytes read from the source so far
     * @param expectedTotal the declared size, or -1 when unknown
     */
    void progress(long bytesSoFar, long expectedTotal);

    /** A listener that ignores everything. */
    ProgressListener NONE = (a, b) -> { };
}
