/**
 * A JUnit 5 extension that gives a test a running Glance v2 server: {@link
 * dev.imagecatalog.server.junit.GlanceServerExtension}. Needs {@code junit-jupiter-api} on the test's class path.
 */
package dev.imagecatalog.server.junit;
