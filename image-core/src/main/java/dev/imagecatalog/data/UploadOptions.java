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

    /** {@return no declared size or checksums, the default store, no progress listener} */
    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the size the caller says the data has, or -1 for unknown} */
    public long declaredSize() { return declaredSize; }
    /** {@return the hex MD5 the caller says the data has, or null} */
    public String declaredChecksum() { return declaredChecksum; }
    /** {@return the hex multihash (catalog's algorithm) the caller says the data has, or null} */
    public String declaredOsHashValue() { return declaredOsHashValue; }
    /** {@return the store id to write to, or null for the default store} */
    public String store() { return store; }
    /** {@return the progress listener, never null} */
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

        /**
         * The size the caller says the data has: the upload fails if the data has another size.
         *
         * @param v the size in bytes, or -1 for unknown
         * @return this builder
         */
        public Builder declaredSize(long v) { declaredSize = v; return this; }

        /**
         * The MD5 the caller says the data has: the upload fails if the data's differs.
         *
         * @param v the hex MD5, or null
         * @return this builder
         */
        public Builder declaredChecksum(String v) { declaredChecksum = v; return this; }

        /**
         * The multihash (the catalog's algorithm) the caller says the data has: the upload fails if the data's differs.
         *
         * @param v the hex multihash, or null
         * @return this builder
         */
        public Builder declaredOsHashValue(String v) { declaredOsHashValue = v; return this; }

        /**
         * The store to write to.
         *
         * @param v a store id of the catalog, or null for the default store
         * @return this builder
         */
        public Builder store(String v) { store = v; return this; }

        /**
         * Who is told how the upload progresses.
         *
         * @param v the listener, never null
         * @return this builder
         */
        public Builder progressListener(ProgressListener v) { progressListener = Objects.requireNonNull(v); return this; }

        /** {@return the options} */
        public UploadOptions build() {
            return new UploadOptions(this);
        }
    }
}
