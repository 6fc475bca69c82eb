/**
 * The import plug-ins (Glance's {@code image_import_plugins}): {@code decompression}, {@code conversion} (qemu-img)
 * and {@code inject-metadata}. Exports nothing: the catalog finds them with {@link java.util.ServiceLoader} by the
 * names listed in {@code import.plugins}, and each is configured through {@code import.plugin.<name>.*} settings.
 *
 * @provides dev.imagecatalog.spi.ImportPluginProvider the plug-ins named {@code decompression}, {@code conversion}
 *           and {@code inject-metadata}
 */
module dev.imagecatalog.importplugins {
    requires dev.imagecatalog;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;

    provides dev.imagecatalog.spi.ImportPluginProvider with dev.imagecatalog.importplugins.DecompressionProvider,
            dev.imagecatalog.importplugins.ConversionProvider, dev.imagecatalog.importplugins.InjectMetadataProvider;
}
