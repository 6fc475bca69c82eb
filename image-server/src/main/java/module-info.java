/**
 * The Glance v2 REST API over a catalog ({@link dev.imagecatalog.server.ImageServer}), and a JUnit 5 extension that
 * starts one per test class or test. Exports only the server's entry points; the HTTP layer, the authenticators and
 * the resources are internal.
 */
module dev.imagecatalog.server {
    requires transitive dev.imagecatalog;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires java.net.http;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires static transitive org.junit.jupiter.api;

    exports dev.imagecatalog.server;
    exports dev.imagecatalog.server.junit;
}
