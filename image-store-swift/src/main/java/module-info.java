/**
 * The OpenStack Swift image store (type {@code swift}): image bytes in Swift, through the JDK's HTTP client and
 * Jackson. Exports nothing: the catalog finds it with {@link java.util.ServiceLoader} and it is configured through
 * {@code store.<id>.*} settings.
 *
 * @provides dev.imagecatalog.spi.ImageStoreProvider the store of type {@code swift}
 */
module dev.imagecatalog.store.swift {
    requires dev.imagecatalog;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    provides dev.imagecatalog.spi.ImageStoreProvider with dev.imagecatalog.store.swift.SwiftImageStoreProvider;
}
