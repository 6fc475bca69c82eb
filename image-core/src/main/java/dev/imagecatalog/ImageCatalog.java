package dev.imagecatalog;

import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.event.EventStats;
import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.internal.CatalogCore;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.snapshot.SnapshotService;
import dev.imagecatalog.spi.CatalogBackends;
import dev.imagecatalog.task.TaskService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The entry point: a catalog of images built from configuration. It owns its metadata repository, its stores and
 * its worker threads, and {@link #close()}s them. Two catalogs in one JVM share nothing.
 *
 * <pre>{@code
 * try (ImageCatalog catalog = ImageCatalog.fromProperties(Path.of("catalog.properties"))) {
 *     ImageService images = catalog.images(RequestContext.member("project-a", "alice"));
 *     Image image = images.create(ImageDraft.builder().name("cirros").diskFormat("qcow2").containerFormat("bare").build());
 *     images.upload(image.id(), Files.newInputStream(file));
 * }
 * }</pre>
 *
 * <p>The documented default is filesystem + H2: image records in an H2 database file in a local folder
 * ({@code metadata.type = jdbc}, {@code metadata.jdbc.url = jdbc:h2:./catalog-db/catalog}, from the
 * image-metadata-jdbc module) and image bytes in a filesystem store ({@code store.local.type = filesystem}), as in
 * {@code examples/quickstart.properties}. Both survive restarts; {@link #inMemory()} is for tests.
 *
 * <p>The keys core reads, with their defaults, are listed in the {@linkplain dev.imagecatalog package summary};
 * plug-ins read their own under {@code metadata.} and {@code store.<id>.}.
 *
 * <p>Relative paths: settings loaded with {@link #fromProperties(Path)} carry the file's folder as their
 * {@link Settings#baseDirectory()}, and {@link Settings#getPath} resolves relative values against it; so
 * {@code store.local.datadir = ./data} means the {@code data} folder beside the file. The builder does the same
 * with {@link Builder#baseDirectory(Path)}; without one, relative paths resolve against the working directory.
 */
public final class ImageCatalog implements AutoCloseable {

    private final CatalogCore core;

    private ImageCatalog(CatalogCore core) {
        this.core = core;
    }

    /**
     * A builder for a catalog.
     *
     * @return an empty builder: no settings, no listeners, default class loader and base directory
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A catalog configured by a {@code .properties} file; relative paths in its values resolve against the
     * file's folder.
     *
     * @param file the {@code .properties} file with the catalog's settings
     * @return the built catalog (start-up recovery already run unless the settings turn it off)
     * @throws CatalogConfigurationException if the file cannot be read or a setting is wrong
     */
    public static ImageCatalog fromProperties(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new CatalogConfigurationException("cannot read the catalog configuration " + file + ": "
                    + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return builder().settings(p).baseDirectory(dir).build();
    }

    /**
     * A catalog entirely in memory (metadata and one store, both type {@code memory}): the fake image service.
     *
     * @return a fresh catalog sharing nothing with any other
     */
    public static ImageCatalog inMemory() {
        return builder().setting("metadata.type", "memory").setting("stores", "memory")
                .setting("store.memory.type", "memory").build();
    }

    /**
     * An {@link ImageService} acting for {@code ctx}. Cheap; make one per request or per caller. Once the catalog is
     * closed, this method and every call on a service obtained earlier throw a {@link BackendUnavailableException}
     * saying the catalog is closed.
     *
     * @param ctx who is asking: project, user and roles the policy checks every call against
     * @return the image service acting for {@code ctx}
     * @throws NullPointerException if {@code ctx} is null
     */
    public ImageService images(RequestContext ctx) {
        return core.images(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * The metadata definitions catalog (Glance's metadefs) bound to {@code ctx}, persisted by the metadata
     * back-end and reporting its changes to this catalog's event listeners. With
     * {@code metadefs.validate-image-properties=true}, image create and update check the custom properties they
     * set against the definitions associated with {@code OS::Glance::Image}.
     *
     * @param ctx who is asking: project, user and roles the policy checks every call against
     * @return the metadef service acting for {@code ctx}
     * @throws CatalogConfigurationException if the configured metadata back-end keeps no definitions
     * @throws BackendUnavailableException     once the catalog is closed (as every call on a service obtained earlier)
     */
    public dev.imagecatalog.metadef.MetadefService metadefs(RequestContext ctx) {
        return core.metadefs(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * Glance's Tasks API for one caller: list and show tasks, create the legacy {@code import} task. Imports started
     * with {@link ImageService#importImage} are tasks too.
     *
     * @param ctx the caller
     * @return the task service bound to {@code ctx}
     */
    public TaskService tasks(RequestContext ctx) {
        return core.tasks(ctx);
    }

    /**
     * Manages the local image cache for one caller (administrators, by Glance's {@code cache_*} rules): list, queue
     * for prefetch, remove, clear, prune, clean. The cache itself needs no call: with {@code cache.enabled}, full
     * downloads of images held in remote stores fill it and later downloads are served from it.
     *
     * @param ctx the caller
     * @return the cache service bound to {@code ctx}
     */
    public CacheService cache(RequestContext ctx) {
        return core.cache(Objects.requireNonNull(ctx, "ctx"));
    }

    /** {@return whether this catalog keeps a local image cache ({@code cache.enabled})} */
    public boolean cacheEnabled() {
        return core.cacheEnabled();
    }

    /**
     * Snapshots and rotating backups of instances for one caller, made through its image service.
     *
     * @param ctx the caller
     * @return the snapshot service bound to {@code ctx}
     */
    public SnapshotService snapshots(RequestContext ctx) {
        return core.snapshots(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * The import methods this catalog offers ({@code import.methods}): what Glance's {@code /v2/info/import} lists.
     *
     * @return the methods, in order
     */
    public List<ImportMethod> importMethods() {
        return core.importMethods();
    }

    /**
     * The raw back-ends (stores and metadata repository) for tools, tests and migrations: whatever goes through them
     * bypasses every rule of this catalog (see {@link CatalogBackends}).
     *
     * @return this catalog's stores and metadata repository, which the catalog owns and closes
     */
    public CatalogBackends backends() {
        return core.backends();
    }

    /**
     * The disk and container formats an image may declare ({@code formats.disk}, {@code formats.container}, else
     * Glance's defaults).
     *
     * @return the formats
     */
    public ImageFormats formats() {
        return core.formats();
    }

    /**
     * The configured stores in configuration order: each one's id, description, whether it is the default and whether
     * it is read-only (Glance's {@code /v2/info/stores}). Administrators get the type, weight and non-secret
     * properties through {@link dev.imagecatalog.image.ImageService#storesDetail()}.
     *
     * @return one entry per store
     */
    public List<StoreInfo> stores() {
        return core.stores();
    }

    /**
     * The store an upload goes to when it names none ({@code stores.default}, or the only store).
     *
     * @return the store's id, a key of {@link CatalogBackends#stores()}
     */
    public String defaultStoreId() {
        return core.defaultStoreId();
    }

    /**
     * The id of the catalog that owns the data this catalog writes: {@code catalog.id} if set, else the id kept by
     * the metadata back-end (chosen at random by the first catalog that opened it), so every instance sharing one
     * metadata back-end has the same id. Every store marks what it writes with it (in its key layout) and lists,
     * and so sweeps, only what carries it: data of other catalogs, of a Glance or of people in the same bucket,
     * container or folder is never touched.
     *
     * @return this catalog's id
     */
    public String catalogId() {
        return core.catalogId();
    }

    /**
     * Runs the recovery sweep now (it also runs when the catalog is built, unless {@code recovery.on-start} is
     * false). First the tasks: an import task (pending or processing) whose runner stopped heartbeating is failed
     * with the message {@code interrupted}, its image's import lock released and the image back to {@code queued}
     * (a copy-image's stays {@code active}), its staging files removed; a stage whose process died is undone the
     * same way; at start-up, staging files no image needs are removed (the task part also runs every
     * {@code recovery.intent-heartbeat}). Then the stores: images left {@code saving} without a live write intent
     * go back to {@code queued}; in every store,
     * what carries this catalog's id and is not covered by a live write intent is removed if it is a leftover of
     * an incomplete write or a committed object no image references; write intents that are no longer live are
     * removed after that. Safe while this or other instances upload: their writes are covered by their intents.
     * Objects without this catalog's id are never listed, so never removed. See the module README ("Recovery and
     * sweeping") for when an intent is live.
     *
     * @return what the sweep interrupted, reset and removed
     */
    public RecoveryReport recover() {
        return core.recover(false);
    }

    /**
     * A dry run of {@link #recover()}: what it would reset and remove now, changing nothing. A real run right after
     * (with no upload starting or ending in between) does exactly what the plan lists.
     *
     * @return what {@link #recover()} would reset and remove
     */
    public RecoveryReport recoveryPlan() {
        return core.recover(true);
    }

    /**
     * The scrubber of delayed deletes (see {@link Scrubber}).
     *
     * @return this catalog's scrubber
     */
    public Scrubber scrubber() {
        return core.scrubber();
    }

    /**
     * The access policy in force (defaults overridden by {@code policy.*} settings).
     *
     * @return the policy every service of this catalog checks
     */
    public dev.imagecatalog.policy.Policy policy() {
        return core.policy();
    }

    /**
     * Counts of event deliveries to the {@link CatalogEventListener}s.
     *
     * @return a snapshot of the counts taken now
     */
    public EventStats eventStats() {
        return core.eventStats();
    }

    /**
     * Waits until every event published so far has been handled by the listeners (delivered, failed, timed out or
     * skipped).
     *
     * @param timeout how long to wait at most
     * @return true once every event published before the call has been handled, false if {@code timeout} passed
     *         first
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitEvents(java.time.Duration timeout) throws InterruptedException {
        return core.awaitEvents(timeout);
    }

    /**
     * A listener that hands the events it hears to this catalog's {@link CatalogEventListener}s, delivered as the
     * catalog's own: give it to a metadef service built by hand so one listener hears both:
     * {@code MetadefServiceFactory.builder(repository).listener(catalog.metadefEventListener()).build()}.
     *
     * @return the forwarding listener
     */
    public CatalogEventListener metadefEventListener() {
        return core.metadefEventListener();
    }

    /**
     * Stops the catalog's threads and closes its stores and repository. Idempotent. Afterwards every
     * {@link ImageService} and {@link dev.imagecatalog.metadef.MetadefService} of this catalog refuses every call
     * with a {@link BackendUnavailableException}.
     */
    @Override
    public void close() {
        core.close();
    }

    /**
     * Whether images show where their data is ({@code image.show-multiple-locations}, Glance's
     * {@code show_multiple_locations}; off by default): the REST server then renders an image's {@code locations}
     * and {@code direct_url}, and the {@code /locations} patch paths are allowed.
     *
     * @return true if the setting is on
     */
    public boolean showsMultipleLocations() {
        return core.showsMultipleLocations();
    }

    /** Builds an {@link ImageCatalog} from key/value settings. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private ClassLoader classLoader;
        private Path baseDirectory;
        private final java.util.List<CatalogEventListener> listeners = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * Adds every entry of {@code values} (later calls override earlier ones).
         *
         * @param values setting keys and their values
         * @return this builder
         * @throws NullPointerException if a key or value is null
         */
        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /**
         * Adds every property of {@code properties} (later calls override earlier ones).
         *
         * @param properties setting keys and their values
         * @return this builder
         */
        public Builder settings(Properties properties) {
            for (String name : properties.stringPropertyNames()) {
                setting(name, properties.getProperty(name));
            }
            return this;
        }

        /**
         * Sets one key, replacing an earlier value.
         *
         * @param key   the setting's key, such as {@code metadata.type}
         * @param value its value
         * @return this builder
         * @throws NullPointerException if {@code key} or {@code value} is null
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /**
         * Registers an event listener (in addition to those found with {@link java.util.ServiceLoader}).
         *
         * @param listener the listener, told of every change the catalog makes
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(CatalogEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The folder relative paths in settings resolve against (default: the working directory).
         *
         * @param dir the folder, or null for the working directory
         * @return this builder
         */
        public Builder baseDirectory(Path dir) {
            baseDirectory = dir;
            return this;
        }

        /**
         * The class loader plug-ins are found with ({@link java.util.ServiceLoader}); default: the thread's
         * context class loader, else the one that loaded this class.
         *
         * @param cl the class loader, or null for the default
         * @return this builder
         */
        public Builder classLoader(ClassLoader cl) {
            classLoader = cl;
            return this;
        }

        /**
         * Builds the catalog: loads the plug-ins, builds the repository and the stores and (by default) runs the
         * start-up recovery.
         *
         * @return the running catalog; the caller closes it
         * @throws CatalogConfigurationException if a setting is wrong or missing (naming the key)
         * @throws BackendUnavailableException   if a back-end cannot be reached while building
         */
        public ImageCatalog build() {
            ClassLoader cl = classLoader;
            if (cl == null) {
                cl = Thread.currentThread().getContextClassLoader();
            }
            if (cl == null) {
                cl = ImageCatalog.class.getClassLoader();
            }
            try {
                return new ImageCatalog(CatalogCore.build(Settings.of(settings, baseDirectory), cl,
                        java.util.List.copyOf(listeners)));
            } catch (UncheckedIOException e) {
                throw new BackendUnavailableException("building the catalog failed: " + e.getMessage(), e);
            }
        }
    }
}
