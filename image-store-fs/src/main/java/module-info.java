/**
 * The filesystem image store (type {@code filesystem}): image bytes on a local or NFS filesystem. Exports nothing:
 * the catalog finds it with {@link java.util.ServiceLoader} and it is configured through {@code store.<id>.*}
 * settings.
 *
 * @provides dev.imagecatalog.spi.ImageStoreProvider the store of type {@code filesystem}
 */
module dev.imagecatalog.store.filesystem {
    requires dev.imagecatalog;
    requires org.slf4j;

    provides dev.imagecatalog.spi.ImageStoreProvider with dev.imagecatalog.store.filesystem.FilesystemImageStoreProvider;
}
