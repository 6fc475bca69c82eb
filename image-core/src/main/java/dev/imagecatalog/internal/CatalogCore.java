package dev.imagecatalog.internal;

import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.event.EventStats;
import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.snapshot.SnapshotService;
import dev.imagecatalog.spi.CatalogBackends;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.TaskService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The assembly behind {@code ImageCatalog}: loads the plug-ins, reads the catalog's settings, builds the parts (the
 * image services' {@link ImageServiceFactory}, the metadefs, the {@link EventBus}, {@link Recovery}) on one set of
 * worker threads, and closes them all. The only internal type {@code ImageCatalog} uses. Not API.
 */
public final class CatalogCore implements AutoCloseable {

    private final String catalogId;
    private final MetadataRepository repository;
    private final ImageStores stores;
    private final Policy policy;
    private final ExecutorService executor;
    private final WriteIntents writeIntents;
    private final EventBus events;
    /** Null when the metadata back-end keeps no metadata definitions. */
    private final MetadefServiceFactory metadefs;
    private final String metadataType;
    private final ImageServiceFactory images;
    final Recovery recovery;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ImageFormats formats;
    private final ImportParts imports;
    /** Null without an image cache. */
    private final ImageCache cache;

    CatalogCore(CatalogConfig config, RecoveryConfig recoveryConfig, String catalogId,
                        MetadataRepository repository, Map<String, ImageStore> stores,
                        Map<String, ImageStores.Options> storeOptions, String defaultStoreId, Policy policy,
                        PropertyProtections protections, List<CatalogEventListener> listeners,
                        Settings settings, String metadataType, ClassLoader classLoader) {
        this.catalogId = catalogId;
        this.repository = repository;
        this.stores = new ImageStores(stores, storeOptions, defaultStoreId);
        this.formats = config.formats();
        this.policy = policy;
        this.metadataType = metadataType;
        String threadPrefix = "imagecatalog-" + Integer.toHexString(System.identityHashCode(this));
        try {
            this.executor = WorkerThreads.elastic(threadPrefix + "-upload-");
            UploadPipeline pipeline = new UploadPipeline(executor, config.bufferSize(), config.buffers(),
                    config.hashJcaName());
            this.writeIntents = new WriteIntents(repository, recoveryConfig, threadPrefix + "-intent-heartbeat");
            this.events = new EventBus(listeners, executor, config.eventQueueCapacity(), config.eventListenerTimeout());
            this.metadefs = repository.metadefs()
                    .map(r -> MetadefServiceFactory.builder(r).settings(settings).listener(metadefEventListener())
                            .build())
                    .orElse(null);
            QuotaLedger quotas = new QuotaLedger(config.quotas(), repository);
            this.imports = ImportParts.build(ImportConfig.from(settings), repository, events, recoveryConfig,
                    catalogId, classLoader, threadPrefix);
            UploadFormatCheck formatCheck = UploadFormatCheck.from(settings);
            this.cache = ImageCache.build(settings, catalogId, this.stores, repository, pipeline, executor,
                    threadPrefix);
            this.images = new ImageServiceFactory(repository, this.stores, policy, protections,
                    new ImageRules(config.formats(), config.limits()), config, quotas,
                    new ImagePropertyDefinitions(metadefs), writeIntents, pipeline, formatCheck, events, imports,
                    cache);
            StoreSweep sweep = new StoreSweep(repository, this.stores.all(), writeIntents,
                    recoveryConfig.orphanGrace());
            DefaultScrubber scrubber = new DefaultScrubber(repository, this.stores.all(), sweep,
                    new LocationRelease(this.stores, repository), events,
                    config.scrubberDelay());
            TaskSweep taskSweep = new TaskSweep(repository, imports.tasks(), imports.staging(), writeIntents,
                    recoveryConfig.orphanGrace());
            this.recovery = new Recovery(sweep, taskSweep, scrubber, executor, config.recoveryOnStart(),
                    config.scrubberInterval(), recoveryConfig.intentHeartbeat(), threadPrefix + "-task-sweep");
        } catch (RuntimeException | Error e) {
            stopWorkers();
            throw e;
        }
    }

    /**
     * Builds the catalog from its settings ({@link CatalogAssembly#build}).
     *
     * @param given       the catalog's settings, unchecked
     * @param classLoader where the providers and listeners are found
     * @param extra       listeners registered by hand, told of events after the found ones
     * @return the running catalog
     * @throws dev.imagecatalog.error.CatalogConfigurationException naming the key of a wrong or missing setting
     */
    public static CatalogCore build(Settings given, ClassLoader classLoader, List<CatalogEventListener> extra) {
        return CatalogAssembly.build(given, classLoader, extra);
    }

    // ------------------------------------------------------------------ what ImageCatalog hands out

    /**
     * An {@link ImageService} bound to {@code ctx}; it refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded image service
     */
    public ImageService images(RequestContext ctx) {
        return guarded(ImageService.class, () -> images.forContext(ctx));
    }

    /**
     * The metadata definitions catalog bound to {@code ctx}; a back-end that keeps no definitions is a
     * configuration error naming {@code metadata.type}. The service refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded metadef service
     */
    public MetadefService metadefs(RequestContext ctx) {
        return guarded(MetadefService.class, () -> {
            if (metadefs == null) {
                throw new CatalogConfigurationException("metadata.type '" + metadataType
                        + "' does not store metadata definitions");
            }
            return metadefs.forContext(ctx);
        });
    }

    /**
     * The Tasks API bound to {@code ctx}; it refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded task service
     */
    public TaskService tasks(RequestContext ctx) {
        return guarded(TaskService.class, () -> new DefaultTaskService(ctx, policy, imports.tasks(),
                input -> images.importFlow(ctx).legacyImport(input)));
    }

    /**
     * The image cache's management bound to {@code ctx}; it refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded cache service
     */
    public CacheService cache(RequestContext ctx) {
        return guarded(CacheService.class, () -> images.cacheService(ctx));
    }

    /**
     * Snapshots and backups bound to {@code ctx}, over its image service; it refuses every call once this catalog
     * is closed.
     *
     * @param ctx the caller
     * @return the guarded snapshot service
     */
    public SnapshotService snapshots(RequestContext ctx) {
        return guarded(SnapshotService.class, () -> new DefaultSnapshotService(images(ctx), ctx));
    }

    /** The service {@code make} builds, refusing every call once this catalog is closed; refused now if it is. */
    private <T> T guarded(Class<T> type, Supplier<T> make) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        return ClosedCatalogGuard.guard(type, make.get(), closed::get);
    }

    /** {@return the enabled import methods ({@code import.methods}), in order} */
    public List<ImportMethod> importMethods() {
        return imports.config().methods();
    }

    /**
     * The raw back-ends, around every rule.
     *
     * @return the stores and the metadata repository
     */
    public CatalogBackends backends() {
        return new CatalogBackends(stores.all(), repository);
    }

    /**
     * The disk and container formats images may declare.
     *
     * @return the formats
     */
    public ImageFormats formats() {
        return formats;
    }

    /**
     * The configured stores, without type, weight or properties.
     *
     * @return one entry per store, in configuration order
     */
    public List<StoreInfo> stores() {
        return stores.info(false);
    }

    /**
     * The store uploads go to when they name none.
     *
     * @return its id
     */
    public String defaultStoreId() {
        return stores.defaultId();
    }

    /**
     * The catalog id every store marks this catalog's data with.
     *
     * @return the catalog id
     */
    public String catalogId() {
        return catalogId;
    }

    /**
     * The access policy.
     *
     * @return the policy every service checks
     */
    public Policy policy() {
        return policy;
    }

    /**
     * The recovery sweep now; with {@code dryRun} it only reports what it would do.
     *
     * @param dryRun true to change nothing and report what a real run would do
     * @return what the sweep did, or would do
     */
    public RecoveryReport recover(boolean dryRun) {
        return recovery.recover(dryRun);
    }

    /**
     * The scrubber of delayed deletes.
     *
     * @return the scrubber
     */
    public Scrubber scrubber() {
        return recovery.scrubber();
    }

    /**
     * Counts of event deliveries.
     *
     * @return a snapshot of the counts
     */
    public EventStats eventStats() {
        return events.stats();
    }

    /**
     * Waits until every event published so far was handled; false on timeout.
     *
     * @param timeout how long to wait at most
     * @return true once every event was handled, false if {@code timeout} passed first
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitEvents(Duration timeout) throws InterruptedException {
        return events.awaitIdle(timeout);
    }

    /**
     * A listener that queues the events it hears for this catalog's listeners (the metadef service's events).
     *
     * @return the forwarding listener
     */
    public CatalogEventListener metadefEventListener() {
        return events::publish;
    }

    /** Stops the worker threads and closes the stores and the repository. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopWorkers();
        for (ImageStore s : stores.all().values()) {
            CatalogAssembly.closeQuietly(s);
        }
        CatalogAssembly.closeQuietly(repository);
    }

    /** Stops the worker threads; a part is null when building it or an earlier one failed (nothing to stop). */
    private void stopWorkers() {
        if (recovery != null) {
            recovery.close();
        }
        if (cache != null) {
            cache.close();
        }
        if (imports != null) {
            imports.close();
        }
        if (writeIntents != null) {
            writeIntents.close();
        }
        if (events != null) {
            events.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** {@return whether this catalog has an image cache ({@code cache.enabled})} */
    public boolean cacheEnabled() {
        return images.cacheEnabled();
    }

    /** {@return whether images show their locations ({@code image.show-multiple-locations})} */
    public boolean showsMultipleLocations() {
        return images.showsMultipleLocations();
    }
}
