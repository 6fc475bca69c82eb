/**
 * The JDBC metadata back-end (type {@code jdbc}): image records, metadefs, recovery records and tasks in H2 (embedded, the
 * default) or PostgreSQL, through jdbi and HikariCP. Exports nothing: the catalog finds it with
 * {@link java.util.ServiceLoader} and it is configured through {@code metadata.*} settings. The H2 and PostgreSQL
 * drivers are found by JDBC URL and are not read by this module's code.
 *
 * @provides dev.imagecatalog.spi.MetadataProvider the metadata back-end of type {@code jdbc}
 */
module dev.imagecatalog.metadata.jdbc {
    requires dev.imagecatalog;
    requires org.slf4j;
    requires java.sql;
    requires org.jdbi.v3.core;
    requires com.zaxxer.hikari;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;

    provides dev.imagecatalog.spi.MetadataProvider with dev.imagecatalog.metadata.jdbc.JdbcMetadataProvider;
}
