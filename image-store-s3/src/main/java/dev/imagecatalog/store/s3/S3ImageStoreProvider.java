package dev.imagecatalog.store.s3;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;

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

    @Override
    public ImageStore create(String storeId, Settings settings) {
        return S3ImageStore.open(storeId, new S3StoreConfig(settings));
    }
}
