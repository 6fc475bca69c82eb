/**
 * The entry point, {@link dev.imagecatalog.ImageCatalog}, built from key/value settings.
 *
 * <h2>Configuration</h2>
 * <table>
 * <caption>Keys core reads (plug-ins read their own under {@code metadata.} and {@code store.<id>.})</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code metadata.type}</td><td>required</td><td>metadata back-end type ({@code memory}, {@code jdbc})</td></tr>
 * <tr><td>{@code stores}</td><td>required</td><td>comma-separated store ids</td></tr>
 * <tr><td>{@code stores.default}</td><td>the only store</td><td>where uploads go; required with several stores</td></tr>
 * <tr><td>{@code store.<id>.type}</td><td>required</td><td>store type ({@code memory}, {@code filesystem}, {@code s3}, {@code swift})</td></tr>
 * <tr><td>{@code image.size-cap}</td><td>1TiB</td><td>largest image accepted (Glance's {@code image_size_cap})</td></tr>
 * <tr><td>{@code hashing.algorithm}</td><td>sha512</td><td>the {@code os_hash_algo} (hashlib-style name or a JCA name)</td></tr>
 * <tr><td>{@code formats.disk}, {@code formats.container}</td><td>Glance's</td><td>accepted formats (comma lists)</td></tr>
 * <tr><td>{@code list.limit.default}, {@code list.limit.max}</td><td>25, 1000</td><td>page sizes</td></tr>
 * <tr><td>{@code upload.buffer-size}, {@code upload.buffers}</td><td>1MiB, 8</td><td>the upload buffer pool: memory per upload is their product</td></tr>
 * <tr><td>{@code recovery.on-start}</td><td>true</td><td>run {@link ImageCatalog#recover()} when the catalog is built</td></tr>
 * <tr><td>{@code catalog.id}</td><td>the metadata back-end's</td><td>the id marking this catalog's data in the stores
 * ({@link ImageCatalog#catalogId()})</td></tr>
 * <tr><td>{@code catalog.instance}</td><td>a random UUID</td><td>names this catalog object in its write intents and as
 * the runner of its tasks</td></tr>
 * <tr><td>{@code recovery.orphan-grace}</td><td>1h</td><td>a write intent or task not touched for this long is
 * dead</td></tr>
 * <tr><td>{@code recovery.intent-heartbeat}</td><td>1m</td><td>how often live writes touch their intents and running
 * imports their tasks, and how often the task sweep runs (less than half the grace)</td></tr>
 * <tr><td>{@code policy.<rule>}</td><td>Glance's</td><td>an access rule ({@link dev.imagecatalog.policy.Policy})</td></tr>
 * <tr><td>{@code property-protection.<n>.*}</td><td>none</td><td>property protections
 * ({@link dev.imagecatalog.policy.PropertyProtections})</td></tr>
 * <tr><td>{@code quota.image-count-total}, {@code quota.image-size-total}, {@code quota.image-stage-total},
 * {@code quota.image-count-uploading}</td><td>unlimited</td><td>per-owner quotas</td></tr>
 * <tr><td>{@code quota.project.<project-id>.<quota>}</td><td>the catalog-wide value</td><td>one project's quota
 * ({@code <quota>}: one of the four names above without {@code quota.}; {@code -1}: unlimited)</td></tr>
 * <tr><td>{@code limit.image-properties}, {@code -tags}, {@code -members}, {@code -locations}</td>
 * <td>128, 128, 128, 10</td><td>per-image limits</td></tr>
 * <tr><td>{@code delete.delayed}, {@code scrubber.delay}, {@code scrubber.interval}</td><td>false, 0s, 0s</td>
 * <td>delayed delete and the {@link dev.imagecatalog.recovery.Scrubber}</td></tr>
 * <tr><td>{@code events.queue-capacity}, {@code events.listener-timeout}</td><td>10000, 5s</td><td>event delivery</td></tr>
 * <tr><td>{@code import.*}, {@code tasks.time-to-live}</td><td>docs/import.md</td><td>import methods, workers,
 * staging area, plug-ins, the web-download URL filter; how long ended tasks are kept</td></tr>
 * <tr><td>{@code store.<id>.local}</td><td>the store's {@link dev.imagecatalog.spi.ImageStore#isLocal()}</td><td>the
 * store is on this host, so its images are never put in the image cache</td></tr>
 * <tr><td>{@code cache.enabled}, {@code cache.dir}, {@code cache.max-size}, {@code cache.stall-time},
 * {@code cache.prefetch-workers}</td><td>false, required when enabled, 10GiB, 24h, 1</td><td>the local image cache
 * for remote stores ({@link dev.imagecatalog.cache.CacheService}, docs/cache.md)</td></tr>
 * </table>
 */
package dev.imagecatalog;
