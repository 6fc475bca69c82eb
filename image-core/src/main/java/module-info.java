/**
 * imagecatalog's core: the entry point ({@link dev.imagecatalog.ImageCatalog}), the image and metadef services, the
 * plug-in SPIs and the in-memory back-ends (type {@code memory}).
 *
 * <p>Exported: the API packages {@code dev.imagecatalog}, {@code .image}, {@code .data}, {@code .metadef},
 * {@code .policy}, {@code .config}, {@code .error}, {@code .event}, {@code .format}, {@code .recovery},
 * {@code .task}, {@code .memory}, {@code .net} (the address guard and pinned HTTP client for users' URLs) and the
 * SPI package {@code .spi}.
 * {@code dev.imagecatalog.internal} (and every package under it) is the implementation and is not exported. Store and metadata plug-ins are found with
 * {@link java.util.ServiceLoader}: on the module path through their {@code provides} clauses, on the class path
 * through {@code META-INF/services}.
 *
 * @uses dev.imagecatalog.spi.ImageStoreProvider
 * @uses dev.imagecatalog.spi.MetadataProvider
 * @uses dev.imagecatalog.event.CatalogEventListener
 * @uses dev.imagecatalog.spi.ImportPluginProvider
 * @provides dev.imagecatalog.spi.ImageStoreProvider the in-memory store, type {@code memory}
 * @provides dev.imagecatalog.spi.MetadataProvider the in-memory metadata repository, type {@code memory}
 */
module dev.imagecatalog {
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;

    exports dev.imagecatalog;
    exports dev.imagecatalog.image;
    exports dev.imagecatalog.data;
    exports dev.imagecatalog.metadef;
    exports dev.imagecatalog.policy;
    exports dev.imagecatalog.format;
    exports dev.imagecatalog.spi;
    exports dev.imagecatalog.memory;
    exports dev.imagecatalog.config;
    exports dev.imagecatalog.error;
    exports dev.imagecatalog.event;
    exports dev.imagecatalog.recovery;
    exports dev.imagecatalog.net;
    exports dev.imagecatalog.task;
    exports dev.imagecatalog.cache;
    exports dev.imagecatalog.snapshot;

    uses dev.imagecatalog.spi.ImageStoreProvider;
    uses dev.imagecatalog.spi.MetadataProvider;
    uses dev.imagecatalog.event.CatalogEventListener;
    uses dev.imagecatalog.spi.ImportPluginProvider;

    provides dev.imagecatalog.spi.ImageStoreProvider with dev.imagecatalog.memory.MemoryImageStoreProvider;
    provides dev.imagecatalog.spi.MetadataProvider with dev.imagecatalog.memory.MemoryMetadataProvider;
}
