/**
 * The local image cache: whole images from remote stores (S3, Swift, any store not marked local) kept on this host's
 * disk, filled while a full download streams to its caller and served to later downloads after the same access
 * checks. {@link dev.imagecatalog.cache.CacheService} manages it (Glance's {@code /v2/cache} calls, administrators
 * only). Imports only {@code dev.imagecatalog.error}.
 */
package dev.imagecatalog.cache;
