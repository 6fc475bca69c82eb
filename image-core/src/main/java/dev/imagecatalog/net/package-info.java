/**
 * Fetching users' URLs safely: {@link dev.imagecatalog.net.AddressGuard} decides whether a URL may be read (Glance's
 * import filtering rules, {@link dev.imagecatalog.net.AddressRules}, and every resolved address checked against
 * loopback, private, link-local, metadata and the like) and {@link dev.imagecatalog.net.PinnedHttpClient} reads it
 * over a connection to the very address that was checked. Used by the {@code http} store; imports only
 * {@code error} and {@code config}.
 */
package dev.imagecatalog.net;
