/**
 * The http image store (type {@code http}): reads images at external {@code http(s)://} URLs through core's
 * {@code dev.imagecatalog.net} address guard and pinned HTTP client, and never writes or deletes. Exports nothing:
 * the catalog finds it with {@link java.util.ServiceLoader} and it is configured through {@code store.<id>.*}
 * settings.
 *
 * @provides dev.imagecatalog.spi.ImageStoreProvider the store of type {@code http}
 */
module dev.imagecatalog.store.http {
    requires dev.imagecatalog;
    requires org.slf4j;

    provides dev.imagecatalog.spi.ImageStoreProvider with dev.imagecatalog.store.http.HttpImageStoreProvider;
}
