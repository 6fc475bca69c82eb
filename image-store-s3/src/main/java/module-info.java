/**
 * The S3 image store (type {@code s3}): image bytes in Amazon S3 or an S3-compatible server, through the AWS SDK
 * v2. Exports nothing: the catalog finds it with {@link java.util.ServiceLoader} and it is configured through
 * {@code store.<id>.*} settings.
 *
 * @provides dev.imagecatalog.spi.ImageStoreProvider the store of type {@code s3}
 */
module dev.imagecatalog.store.s3 {
    requires dev.imagecatalog;
    requires org.slf4j;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.retries;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.services.s3;

    provides dev.imagecatalog.spi.ImageStoreProvider with dev.imagecatalog.store.s3.S3ImageStoreProvider;
}
