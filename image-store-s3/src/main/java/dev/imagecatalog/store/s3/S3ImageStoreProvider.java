package dev.imagecatalog.store.s3;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;

/**
 * Provides stores of type {@code s3}: image bytes in a bucket of Amazon S3 or an S3-compatible server (s3proxy,
 * Swift's s3api, Ceph RGW, MinIO), through the AWS SDK for Java v2. The settings are described in the module's
 * README; they are validated when the store is built, and every error names its key.
 */
public final class S3ImageStoreProvider implements ImageStoreProvider {
    /** The type name ({@code store.<id>.type = s3}) and the scheme of the locations the store writes. */
    public static final String TYPE = "s3";

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Refused: an S3 store needs the id of the catalog that owns what it writes; use {@link #create(StoreContext)}.
     */
    @Override
    public ImageStore create(String storeId, Settings settings) {
        throw new UnsupportedOperationException("s3 store " + storeId
                + " needs the id of its catalog: build it with create(StoreContext)");
    }

    /** Builds a store writing under {@code <prefix><catalog id>/} and listing only that. */
    @Override
    public ImageStore create(StoreContext context) {
        return S3ImageStore.open(context.storeId(), context.catalogId(), new S3StoreConfig(context.settings()));
    }
}
