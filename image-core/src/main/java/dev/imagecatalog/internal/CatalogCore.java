package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.event.EventStats;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.task.TaskService;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.spi.CatalogBackends;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoreContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly behind {@code ImageCatalog}: loads the plug-ins, reads the catalog's settings, builds the parts (the
 * image services' {@link ImageServiceFactory}, the metadefs, the {@link EventBus}, {@link Recovery}) on one set of
 * worker threads, and closes them all. The only internal type {@code ImageCatalog} uses. Not API.
 */
public final class CatalogCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCore.class);
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

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
    private final Recovery recovery;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ImageFormats formats;
    private final ImportParts imports;

    private CatalogCore(CatalogConfig config, RecoveryConfig recoveryConfig, String catalogId,
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
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory(threadPrefix + "-upload-"));
        this.writeIntents = new WriteIntents(repository, recoveryConfig, threadPrefix + "-intent-heartbeat");
        this.events = new EventBus(listeners, executor, config.eventQueueCapacity(), config.eventListenerTimeout());
        this.metadefs = repository.metadefs()
                .map(r -> MetadefServiceFactory.builder(r).settings(settings).listener(metadefEventListener()).build())
                .orElse(null);
        QuotaLedger quotas = new QuotaLedger(config.quotas(), repository);
        this.imports = ImportParts.build(ImportConfig.from(settings), repository, events, recoveryConfig, catalogId,
                classLoader, threadPrefix);
        this.images = new ImageServiceFactory(repository, this.stores, policy, protections,
                new ImageRules(config.formats(), config.limits()), config, quotas,
                new ImagePropertyDefinitions(metadefs), writeIntents,
                new UploadPipeline(executor, config.bufferSize(), config.buffers(), config.hashJcaName()),
                UploadFormatCheck.from(settings), events, imports);
        StoreSweep sweep = new StoreSweep(repository, this.stores.all(), writeIntents, recoveryConfig.orphanGrace());
        DefaultScrubber scrubber = new DefaultScrubber(repository, this.stores.all(), sweep,
                new LocationRelease(this.stores, repository), events,
                config.scrubberDelay());
        this.recovery = new Recovery(sweep, scrubber, executor, config.recoveryOnStart(), config.scrubberInterval());
    }

    private static ThreadFactory threadFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Builds the catalog from its settings: reads the policy ({@code policy.*}) and property protections
     * ({@code property-protection.*}; a rule that does not parse fails here, naming it), loads the providers and the
     * event listeners with {@link ServiceLoader} from {@code classLoader} (then adds {@code extra}), builds the
     * metadata repository, resolves the catalog id ({@code catalog.id}, else the repository's), builds each store
     * with a {@link StoreContext} carrying that id, and starts {@link Recovery} (the start-up sweep when
     * {@code recovery.on-start} is true). Everything built is closed again if a later step fails.
     *
     * @param given       the catalog's settings, unchecked
     * @param classLoader where the providers and listeners are found
     * @param extra       listeners registered by hand, told of events after the found ones
     * @return the running catalog
     * @throws dev.imagecatalog.error.CatalogConfigurationException naming the key of a wrong or missing setting
     */
    public static CatalogCore build(Settings given, ClassLoader classLoader, List<CatalogEventListener> extra) {
        Settings settings = CoreSettings.check(given);
        CatalogConfig config = CatalogConfig.from(settings);
        RecoveryConfig recovery = RecoveryConfig.from(settings);
        Policy policy = Policy.fromSettings(settings);
        PropertyProtections protections = PropertyProtections.fromSettings(settings);
        List<CatalogEventListener> listeners = new ArrayList<>();
        try {
            for (CatalogEventListener l : ServiceLoader.load(CatalogEventListener.class, classLoader)) {
                listeners.add(l);
            }
        } catch (ServiceConfigurationError e) {
            throw new CatalogConfigurationException("cannot load the CatalogEventListener plug-ins: " + e.getMessage(), e);
        }
        listeners.addAll(extra);
        Map<String, List<ImageStoreProvider>> storeProviders =
                PluginLoader.byName(ImageStoreProvider.class, classLoader, ImageStoreProvider::type);
        Map<String, List<MetadataProvider>> metadataProviders =
                PluginLoader.byName(MetadataProvider.class, classLoader, MetadataProvider::type);

        String metadataType = settings.require("metadata.type");
        MetadataProvider metadataProvider = PluginLoader.pick(metadataProviders, metadataType, "metadata.type", "metadata");

        List<String> ids = settings.getList("stores");
        if (ids.isEmpty()) {
            settings.require("stores");
            throw settings.bad("stores", settings.get("stores").orElse(""), "a comma-separated list of store ids");
        }
        Map<String, ImageStoreProvider> chosen = new LinkedHashMap<>();
        for (String id : ids) {
            if (!STORE_ID.matcher(id).matches()) {
                throw settings.bad("stores", settings.get("stores").orElse(""),
                        "store ids of letters, digits, '-' and '_' ('" + id + "' is not)");
            }
            if (chosen.containsKey(id)) {
                throw settings.bad("stores", settings.get("stores").orElse(""), "distinct store ids ('" + id
                        + "' appears twice)");
            }
            String key = "store." + id + ".type";
            chosen.put(id, PluginLoader.pick(storeProviders, settings.require(key), key, "store"));
        }
        String defaultId;
        if (settings.get("stores.default").isPresent()) {
            defaultId = settings.require("stores.default");
            if (!chosen.containsKey(defaultId)) {
                throw settings.bad("stores.default", defaultId, "one of the ids in 'stores' " + ids);
            }
        } else if (ids.size() == 1) {
            defaultId = ids.get(0);
        } else {
            throw new CatalogConfigurationException("missing required setting 'stores.default': 'stores' names "
                    + ids.size() + " stores " + ids + ", so say which one uploads go to");
        }

        MetadataRepository repository = null;
        Map<String, ImageStore> stores = new LinkedHashMap<>();
        Map<String, ImageStores.Options> storeOptions = new LinkedHashMap<>();
        for (String id : chosen.keySet()) {
            storeOptions.put(id, ImageStores.Options.from(settings.scoped("store." + id + ".")));
        }
        try {
            repository = metadataProvider.create(settings.scoped("metadata."));
            String catalogId = catalogId(recovery, repository, metadataType);
            for (Map.Entry<String, ImageStoreProvider> e : chosen.entrySet()) {
                ImageStore store = e.getValue().create(new StoreContext(e.getKey(), catalogId,
                        settings.scoped("store." + e.getKey() + ".").without(CoreSettings.STORE_CORE_KEYS)));
                stores.put(e.getKey(), store);
            }
            CatalogCore core = new CatalogCore(config, recovery, catalogId, repository, stores, storeOptions, defaultId,
                    policy, protections, listeners, settings, metadataType, classLoader);
            try {
                core.recovery.start();
            } catch (RuntimeException e) {
                core.close();
                throw e;
            }
            return core;
        } catch (RuntimeException | Error e) {
            for (ImageStore s : stores.values()) {
                closeQuietly(s);
            }
            if (repository != null) {
                closeQuietly(repository);
            }
            throw e;
        }
    }

    /** {@code catalog.id} if set, else the id the metadata back-end keeps (a random one on its first start). */
    private static String catalogId(RecoveryConfig recovery, MetadataRepository repository, String metadataType) {
        if (recovery.catalogId().isPresent()) {
            return recovery.catalogId().get();
        }
        String id;
        try {
            id = repository.catalogId(UUID.randomUUID().toString());
        } catch (UnsupportedOperationException e) {
            throw new CatalogConfigurationException("metadata.type '" + metadataType + "' keeps no catalog id: set "
                    + "'catalog.id' (the same on every instance sharing the metadata back-end)", e);
        }
        if (!StoreContext.validCatalogId(id)) {
            throw new BackendUnavailableException("the metadata back-end returned an invalid catalog id '" + id + "'");
        }
        return id;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    // ------------------------------------------------------------------ what ImageCatalog hands out

    /**
     * An {@link ImageService} bound to {@code ctx}; it refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded image service
     */
    public ImageService images(RequestContext ctx) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        return ClosedCatalogGuard.guard(ImageService.class, images.forContext(ctx), closed::get);
    }

    /**
     * The metadata definitions catalog bound to {@code ctx}; a back-end that keeps no definitions is a
     * configuration error naming {@code metadata.type}. The service refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded metadef service
     */
    public MetadefService metadefs(RequestContext ctx) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        if (metadefs == null) {
            throw new CatalogConfigurationException("metadata.type '" + metadataType
                    + "' does not store metadata definitions");
        }
        return ClosedCatalogGuard.guard(MetadefService.class, metadefs.forContext(ctx), closed::get);
    }

    /**
     * The Tasks API bound to {@code ctx}; it refuses every call once this catalog is closed.
     *
     * @param ctx the caller
     * @return the guarded task service
     */
    public TaskService tasks(RequestContext ctx) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        return ClosedCatalogGuard.guard(TaskService.class, new DefaultTaskService(ctx, policy, imports.tasks(),
                input -> images.importFlow(ctx).legacyImport(input)), closed::get);
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
        recovery.close();
        imports.close();
        writeIntents.close();
        events.close();
        executor.shutdownNow();
        for (ImageStore s : stores.all().values()) {
            closeQuietly(s);
        }
        closeQuietly(repository);
    }

    /** {@return whether images show their locations ({@code image.show-multiple-locations})} */
    public boolean showsMultipleLocations() {
        return images.showsMultipleLocations();
    }
}
