package dev.imagecatalog.data;

import java.util.Objects;

/**
 * Optional facts about an upload. A declared size, checksum or multihash that the data does not match refuses the
 * upload before the image becomes active; the written bytes are removed and the image returns to queued.
 */
public final class UploadOptions {
    private static final UploadOptions DEFAULTS = builder().build();

    private final long declaredSize;
    private final String declaredChecksum;
    private final String declaredOsHashValue;
    private final String store;
    private final ProgressListener progressListener;

    private UploadOptions(Builder b) {
        declaredSize = b.declaredSize;
        declaredChecksum = b.declaredChecksum;
        declaredOsHashValue = b.declaredOsHashValue;
        store = b.store;
        progressListener = b.progressListener;
    }

    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The size the caller says the data has, or -1 for unknown. */
    public long declaredSize() { return declaredSize; }
    /** The hex MD5 the caller says the data has, or null. */
    public String declaredChecksum() { return declaredChecksum; }
    /** The hex multihash (catalog's algorithm) the caller says the data has, or null. */
    public String declaredOsHashValue() { return declaredOsHashValue; }
    /** The store id to write to, or null for the default store. */
    public String store() { return store; }
    /** Never null. */
    public ProgressListener progressListener() { return progressListener; }

    /** Builder for {@link UploadOptions}. */
    public static final class Builder {
        private long declaredSize = -1;
        private String declaredChecksum;
        private String declaredOsHashValue;
        private String store;
        private ProgressListener progressListener = ProgressListener.NONE;

        private Builder() {
        }

        public Builder declaredSize(long v) { declaredSize = v; return this; }
        public Builder declaredChecksum(String v) { declaredChecksum = v; return this; }
        public Builder declaredOsHashValue(String v) { declaredOsHashValue = v; return this; }
        public Builder store(String v) { store = v; return this; }
        public Builder progressListener(ProgressListener v) { progressListener = Objects.requireNonNull(v); return this; }

        public UploadOptions build() {
            return new UploadOptions(this);
        }
    }
}
