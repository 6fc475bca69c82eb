package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoreContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a {@link CatalogCore} from settings: the plug-ins, the back-ends, the catalog id; undoes a failed build. */
final class CatalogAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogAssembly.class);
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private CatalogAssembly() {
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
    static CatalogCore build(Settings given, ClassLoader classLoader, List<CatalogEventListener> extra) {
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

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

}
