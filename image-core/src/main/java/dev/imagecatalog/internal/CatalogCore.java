package dev.imagecatalog.internal;

import dev.imagecatalog.BackendUnavailableException;
import dev.imagecatalog.CatalogConfigurationException;
import dev.imagecatalog.ConflictException;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.spi.ImageEventListener;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link ImageCatalog}: the configured plug-ins, the catalog's settings, its worker threads and
 * the start-up recovery. Not API: use {@link ImageCatalog}.
 */
public final class CatalogCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCore.class);
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final CatalogConfig config;
    private final ImageRules rules;
    private final MetadataRepository repository;
    private final Map<String, ImageStore> stores;
    private final ImageStore defaultStore;
    private final ExecutorService executor;
    private final UploadPipeline pipeline;
    /** Uploads hold it shared; recovery holds it exclusively, so it never resets an upload of this catalog. */
    private final ReentrantReadWriteLock uploadLock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Policy policy;
    private final PropertyProtections protections;
    private final QuotaLedger quotas;
    private final EventBus events;
    private final DefaultScrubber scrubber;
    /** Null when the metadata back-end keeps no metadata definitions. */
    private final MetadefServiceFactory metadefs;
    private final String metadataType;

    private CatalogCore(CatalogConfig config, MetadataRepository repository, Map<String, ImageStore> stores,
                        String defaultStoreId, Policy policy, PropertyProtections protections,
                        List<ImageEventListener> listeners, Settings settings, String metadataType) {
        this.config = config;
        this.policy = policy;
        this.protections = protections;
        this.quotas = new QuotaLedger(config.quotas(), repository);
        this.rules = new ImageRules(config.formats());
        this.repository = repository;
        this.stores = Collections.unmodifiableMap(stores);
        this.defaultStore = stores.get(defaultStoreId);
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threadFactory("imagecatalog-" + Integer.toHexString(System.identityHashCode(this)) + "-upload-"));
        this.pipeline = new UploadPipeline(executor, config.bufferSize(), config.buffers(), config.hashJcaName());
        this.events = new EventBus(listeners, executor, config.eventQueueCapacity(), config.eventListenerTimeout());
        this.scrubber = new DefaultScrubber(this);
        this.metadataType = metadataType;
        this.metadefs = repository.metadefs()
                .map(r -> MetadefServiceFactory.builder(r).settings(settings).listener(metadefEventListener()).build())
                .orElse(null);
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
     * Builds the catalog's engine from its settings: loads the providers with {@link ServiceLoader} from
     * {@code classLoader}, builds the metadata repository and the stores, and runs the start-up recovery when
     * {@code recovery.on-start} is true. Everything built is closed again if a later step fails.
     */
    public static CatalogCore build(Settings settings, ClassLoader classLoader) {
        return build(settings, classLoader, List.of());
    }

    /**
     * As {@link #build(Settings, ClassLoader)}, with event listeners registered in code (added to those found with
     * {@link ServiceLoader}). Also reads the policy ({@code policy.*}) and property protections
     * ({@code property-protection.*}): a rule that does not parse fails here, naming it.
     */
    public static CatalogCore build(Settings settings, ClassLoader classLoader, List<ImageEventListener> extra) {
        CatalogConfig config = CatalogConfig.from(settings);
        Policy policy = Policy.fromSettings(settings);
        PropertyProtections protections = PropertyProtections.fromSettings(settings);
        List<ImageEventListener> listeners = new ArrayList<>();
        try {
            for (ImageEventListener l : ServiceLoader.load(ImageEventListener.class, classLoader)) {
                listeners.add(l);
            }
        } catch (ServiceConfigurationError e) {
            throw new CatalogConfigurationException("cannot load the ImageEventListener plug-ins: " + e.getMessage(), e);
        }
        listeners.addAll(extra);
        Map<String, List<ImageStoreProvider>> storeProviders =
                load(ImageStoreProvider.class, classLoader, ImageStoreProvider::type);
        Map<String, List<MetadataProvider>> metadataProviders =
                load(MetadataProvider.class, classLoader, MetadataProvider::type);

        String metadataType = settings.require("metadata.type");
        MetadataProvider metadataProvider = pick(metadataProviders, metadataType, "metadata.type", "metadata");

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
            chosen.put(id, pick(storeProviders, settings.require(key), key, "store"));
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
        try {
            repository = metadataProvider.create(settings.scoped("metadata."));
            for (Map.Entry<String, ImageStoreProvider> e : chosen.entrySet()) {
                ImageStore store = e.getValue().create(e.getKey(), settings.scoped("store." + e.getKey() + "."));
                stores.put(e.getKey(), store);
            }
            CatalogCore core = new CatalogCore(config, repository, stores, defaultId, policy, protections, listeners,
                    settings, metadataType);
            if (config.recoveryOnStart()) {
                try {
                    core.recover();
                } catch (RuntimeException e) {
                    core.close();
                    throw e;
                }
            }
            core.scrubber.startPeriodic();
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

    private static <P> Map<String, List<P>> load(Class<P> type, ClassLoader cl, Function<P, String> typeName) {
        Map<String, List<P>> byType = new TreeMap<>();
        try {
            for (P p : ServiceLoader.load(type, cl)) {
                byType.computeIfAbsent(typeName.apply(p), k -> new ArrayList<>()).add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new CatalogConfigurationException("cannot load the " + type.getSimpleName() + " plug-ins: "
                    + e.getMessage(), e);
        }
        return byType;
    }

    private static <P> P pick(Map<String, List<P>> providers, String type, String key, String what) {
        List<P> found = providers.get(type);
        if (found == null) {
            throw new CatalogConfigurationException("unknown " + what + " type '" + type + "' in '" + key
                    + "': known types are " + providers.keySet() + " (is the plug-in's jar on the class path?)");
        }
        if (found.size() > 1) {
            List<String> classes = new ArrayList<>();
            for (P p : found) {
                classes.add(p.getClass().getName());
            }
            throw new CatalogConfigurationException("two or more providers of " + what + " type '" + type
                    + "' (asked for in '" + key + "'): " + classes + "; keep one of them on the class path");
        }
        return found.get(0);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    // ------------------------------------------------------------------ accessors

    /** An {@link ImageService} bound to {@code ctx}; it refuses every call once this catalog is closed. */
    public ImageService images(RequestContext ctx) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        return ClosedCatalogGuard.guard(ImageService.class, new DefaultImageService(this, ctx), closed::get);
    }

    /**
     * The metadata definitions catalog bound to {@code ctx}; a back-end that keeps no definitions is a
     * configuration error naming {@code metadata.type}. The service refuses every call once this catalog is closed.
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
     * Checks custom properties an image is about to get against the image metadata definitions, when
     * {@code metadefs.validate-image-properties} is on (and the back-end keeps definitions); otherwise does nothing.
     */
    void validateImageProperties(RequestContext ctx, Map<String, String> properties) {
        if (metadefs != null && metadefs.validatesImageProperties() && !properties.isEmpty()) {
            metadefs.forContext(ctx).validateImageProperties(properties);
        }
    }

    /** The configured stores by id, in configuration order. */
    public Map<String, ImageStore> stores() {
        return stores;
    }

    /** The metadata repository. */
    public MetadataRepository repository() {
        return repository;
    }

    CatalogConfig config() {
        return config;
    }

    ImageRules rules() {
        return rules;
    }

    UploadPipeline pipeline() {
        return pipeline;
    }

    /** The access policy. */
    public Policy policy() {
        return policy;
    }

    PropertyProtections protections() {
        return protections;
    }

    QuotaLedger quotas() {
        return quotas;
    }

    EventBus events() {
        return events;
    }

    ExecutorService executor() {
        return executor;
    }

    /** The scrubber of delayed deletes. */
    public dev.imagecatalog.Scrubber scrubber() {
        return scrubber;
    }

    /** Counts of event deliveries. */
    public ImageCatalog.EventStats eventStats() {
        return events.stats();
    }

    /** Waits until every event published so far was handled; false on timeout. */
    public boolean awaitEvents(java.time.Duration timeout) throws InterruptedException {
        return events.awaitIdle(timeout);
    }

    /** An adapter that routes metadef events to this catalog's listeners. */
    public dev.imagecatalog.metadef.MetadefEventListener metadefEventListener() {
        return (type, payload) -> {
            Object ns = payload.get("namespace");
            events.publish(type, ns == null ? null : ns.toString(), payload);
        };
    }

    ImageStore storeForUpload(String id) {
        if (id == null) {
            return defaultStore;
        }
        ImageStore s = stores.get(id);
        if (s == null) {
            throw new InvalidInputException("unknown store '" + id + "': configured stores are " + stores.keySet());
        }
        return s;
    }

    <T> T withUploadPermit(Supplier<T> upload) {
        if (closed.get()) {
            throw ClosedCatalogGuard.closedError();
        }
        uploadLock.readLock().lock();
        try {
            return upload.get();
        } finally {
            uploadLock.readLock().unlock();
        }
    }

    /** Deletes the bytes at {@code loc}; failures are logged (the orphan sweep gets another chance). */
    void deleteQuietly(StoreLocation loc) {
        ImageStore s = stores.get(loc.storeId());
        if (s == null) {
            LOG.warn("cannot delete {}: store '{}' is not configured", loc, loc.storeId());
            return;
        }
        try {
            s.delete(loc);
        } catch (IOException | RuntimeException e) {
            LOG.warn("deleting {} failed; the orphan sweep will retry", loc, e);
        }
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Start-up recovery: images left {@code saving} by a crash go back to {@code queued} with their data fields
     * cleared and any recorded data deleted; each store sweeps its incomplete writes; every stored object no image
     * references is deleted. Waits for this catalog's running uploads; must not run while another process
     * uploads to the same back-ends.
     */
    public ImageCatalog.Recovery recover() {
        uploadLock.writeLock().lock();
        try {
            int reset = 0;
            for (int round = 0; round < 1000; round++) {
                List<Image> saving = repository.findByStatus(ImageStatus.SAVING, 100);
                int changed = 0;
                for (Image img : saving) {
                    if (img.status() != ImageStatus.SAVING) {
                        continue;
                    }
                    try {
                        repository.update(img.toBuilder().status(ImageStatus.QUEUED).clearData()
                                .updatedAt(ImageRules.now()).build());
                        reset++;
                        changed++;
                        for (StoreLocation loc : img.locations()) {
                            deleteQuietly(loc);
                        }
                    } catch (ConflictException e) {
                        LOG.debug("image {} changed during recovery; it is read again", img.id());
                        changed++;
                    }
                }
                if (saving.isEmpty() || changed == 0) {
                    break;
                }
            }
            int[] sweep = sweepLocked();
            int swept = sweep[0];
            int orphans = sweep[1];
            if (reset + swept + orphans > 0) {
                LOG.info("recovery: {} images reset to queued, {} incomplete writes swept, {} orphaned objects deleted",
                        reset, swept, orphans);
            }
            return new ImageCatalog.Recovery(reset, swept, orphans);
        } finally {
            uploadLock.writeLock().unlock();
        }
    }

    /**
     * The orphan sweep on its own (the scrubber's): each store sweeps incomplete writes and every stored object
     * no image references is deleted. Waits for this catalog's uploads. Returns {swept, orphans}.
     */
    int[] sweepOrphans() {
        uploadLock.writeLock().lock();
        try {
            return sweepLocked();
        } finally {
            uploadLock.writeLock().unlock();
        }
    }

    private int[] sweepLocked() {
        int swept = 0;
        int orphans = 0;
        for (ImageStore store : stores.values()) {
            try {
                swept += store.sweepIncompleteWrites();
                List<StoreLocation> locations = new ArrayList<>();
                store.forEachLocation(locations::add);
                for (StoreLocation loc : locations) {
                    if (!repository.isReferenced(loc) && store.delete(loc)) {
                        orphans++;
                    }
                }
            } catch (IOException e) {
                throw new BackendUnavailableException("recovery of store '" + store.id() + "' failed: "
                        + e.getMessage(), e);
            }
        }
        return new int[] {swept, orphans};
    }

    /** Stops the worker threads and closes the stores and the repository. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scrubber.stopPeriodic();
        events.close();
        executor.shutdownNow();
        for (ImageStore s : stores.values()) {
            closeQuietly(s);
        }
        closeQuietly(repository);
    }
}
