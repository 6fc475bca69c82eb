package dev.imagecatalog.internal;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.metadef.MetadefValidator;
import dev.imagecatalog.spi.StoreContext;
import java.time.Duration;
import java.util.List;

/**
 * Every setting core itself reads, declared once; the catalog's settings are checked against them before anything
 * is built ({@link #check}). Core owns every key outside the plug-ins' prefixes, so a key it does not declare is
 * refused, naming it. Open prefixes, whose names core cannot list: {@code policy.<rule>} (any rule name;
 * {@code Policy} parses each), {@code property-protection.<n>.*} ({@code PropertyProtections} checks the section
 * keys), {@code quota.project.<project-id>.<quota>} ({@link CatalogConfig} checks the quota names),
 * {@code metadata.*} (the metadata provider checks its own) and {@code store.<id>.*} for each id in {@code stores}
 * (the store's provider checks its own).
 */
final class CoreSettings {
    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    private static final Duration ONE_MS = Duration.ofMillis(1);

    static final Setting<String> METADATA_TYPE = Setting.string("metadata.type").required();
    static final Setting<List<String>> STORES = Setting.list("stores").required();
    static final Setting<String> STORES_DEFAULT = Setting.string("stores.default");
    /** {@code store.<id>.description}: what {@code /v2/info/stores} says of the store. */
    static final Setting<String> STORE_DESCRIPTION = Setting.string("description");
    /** {@code store.<id>.weight}: read preference, higher first (Glance's {@code weight}). */
    static final Setting<Integer> STORE_WEIGHT = Setting.integer("weight").defaultValue(0);
    /** {@code store.<id>.read-only}: the store serves reads only. */
    static final Setting<Boolean> STORE_READ_ONLY = Setting.bool("read-only").defaultValue(false);
    /** {@code store.<id>.local}: the store is on this host, so the image cache skips it (default: the store's own). */
    static final Setting<Boolean> STORE_LOCAL = Setting.bool("local");
    /** The {@code store.<id>.} keys core reads itself; the store's provider gets the others. */
    static final java.util.Set<String> STORE_CORE_KEYS = java.util.Set.of(STORE_DESCRIPTION.key(), STORE_WEIGHT.key(),
            STORE_READ_ONLY.key(), STORE_LOCAL.key());

    static final Setting<Long> SIZE_CAP = Setting.size("image.size-cap").atLeast(1L).defaultValue(1L << 40);
    static final Setting<String> HASHING_ALGORITHM = Setting.string("hashing.algorithm").defaultValue("sha512");
    static final Setting<List<String>> DISK_FORMATS = Setting.list("formats.disk");
    static final Setting<List<String>> CONTAINER_FORMATS = Setting.list("formats.container");
    static final Setting<Integer> LIST_LIMIT_DEFAULT = Setting.integer("list.limit.default").atLeast(1).defaultValue(25);
    static final Setting<Integer> LIST_LIMIT_MAX = Setting.integer("list.limit.max").atLeast(1).defaultValue(1000);
    static final Setting<Long> UPLOAD_BUFFER_SIZE = Setting.size("upload.buffer-size").range(4 * KIB, 256 * MIB)
            .defaultValue(MIB);
    static final Setting<Integer> UPLOAD_BUFFERS = Setting.integer("upload.buffers").range(1, 1024).defaultValue(8);

    static final Setting<Boolean> RECOVERY_ON_START = Setting.bool("recovery.on-start").defaultValue(true);
    static final Setting<String> CATALOG_ID = Setting.of("catalog.id", "catalog id", v -> {
        if (!StoreContext.validCatalogId(v)) {
            throw new IllegalArgumentException("lower-case letters, digits and '-', 1 to 63 characters, not starting "
                    + "with '-'");
        }
        return v;
    });
    static final int MAX_INSTANCE_LENGTH = 255;
    static final Setting<String> CATALOG_INSTANCE = Setting.of("catalog.instance", "instance name", v -> {
        if (v.length() > MAX_INSTANCE_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("1 to " + MAX_INSTANCE_LENGTH + " characters without control "
                    + "characters");
        }
        return v;
    });
    static final Setting<Duration> ORPHAN_GRACE = Setting.duration("recovery.orphan-grace").atLeast(ONE_MS)
            .defaultValue(Duration.ofHours(1));
    static final Setting<Duration> INTENT_HEARTBEAT = Setting.duration("recovery.intent-heartbeat").atLeast(ONE_MS)
            .defaultValue(Duration.ofMinutes(1));

    static final String QUOTA_PREFIX = "quota.";
    static final String PROJECT_QUOTA_PREFIX = "quota.project.";
    static final String IMAGE_COUNT_TOTAL = "image-count-total";
    static final String IMAGE_SIZE_TOTAL = "image-size-total";
    static final String IMAGE_STAGE_TOTAL = "image-stage-total";
    static final String IMAGE_COUNT_UPLOADING = "image-count-uploading";
    static final List<String> QUOTA_NAMES = List.of(IMAGE_COUNT_TOTAL, IMAGE_SIZE_TOTAL, IMAGE_STAGE_TOTAL,
            IMAGE_COUNT_UPLOADING);

    static final Setting<Integer> LIMIT_PROPERTIES = Setting.integer("limit.image-properties").defaultValue(128);
    static final Setting<Integer> LIMIT_TAGS = Setting.integer("limit.image-tags").defaultValue(128);
    static final Setting<Integer> LIMIT_MEMBERS = Setting.integer("limit.image-members").defaultValue(128);
    static final Setting<Integer> LIMIT_LOCATIONS = Setting.integer("limit.image-locations").defaultValue(10);
    static final Setting<Integer> PROPERTY_VALUE_BYTES = Setting.integer(InputLimits.VALUE_BYTES_KEY).atLeast(1)
            .defaultValue(InputLimits.DEFAULT_VALUE_BYTES);
    static final Setting<Integer> PATCH_OPERATIONS = Setting.integer(InputLimits.PATCH_OPERATIONS_KEY).atLeast(1)
            .defaultValue(InputLimits.DEFAULT_PATCH_OPERATIONS);
    static final Setting<Integer> FILTER_VALUES = Setting.integer(InputLimits.FILTER_VALUES_KEY).atLeast(1)
            .defaultValue(InputLimits.DEFAULT_FILTER_VALUES);

    static final Setting<Boolean> DELETE_DELAYED = Setting.bool("delete.delayed").defaultValue(false);
    static final Setting<Duration> SCRUBBER_DELAY = Setting.duration("scrubber.delay").atLeast(Duration.ZERO)
            .defaultValue(Duration.ZERO);
    static final Setting<Duration> SCRUBBER_INTERVAL = Setting.duration("scrubber.interval").atLeast(Duration.ZERO)
            .defaultValue(Duration.ZERO);
    static final Setting<Integer> EVENT_QUEUE_CAPACITY = Setting.integer("events.queue-capacity").atLeast(1)
            .defaultValue(10_000);
    static final Setting<Duration> EVENT_LISTENER_TIMEOUT = Setting.duration("events.listener-timeout")
            .atLeast(ONE_MS).defaultValue(Duration.ofSeconds(5));
    static final Setting<Boolean> VALIDATE_IMAGE_PROPERTIES = Setting.bool(MetadefValidator.SETTING_KEY)
            .defaultValue(false);
    /** Glance's {@code show_multiple_locations}: whether image patches may change {@code /locations}. */
    static final Setting<Boolean> SHOW_MULTIPLE_LOCATIONS = Setting.bool("image.show-multiple-locations")
            .defaultValue(false);
    static final Setting<Boolean> FORMAT_REQUIRE_MATCH = Setting.bool("format.require-match").defaultValue(true);
    static final Setting<List<String>> FORMAT_GPT_NONFATAL = Setting.list("format.gpt-safety-nonfatal");

    static final Setting<List<String>> IMPORT_METHODS = Setting.list("import.methods")
            .defaultValue(List.of("glance-direct", "web-download", "copy-image"));
    static final Setting<Integer> IMPORT_WORKERS = Setting.integer("import.workers").range(1, 256).defaultValue(4);
    static final Setting<java.nio.file.Path> IMPORT_STAGING_DIR = Setting.path("import.staging-dir");
    static final Setting<List<String>> IMPORT_PLUGINS = Setting.list("import.plugins").defaultValue(List.of());
    static final Setting<Duration> IMPORT_CONNECT_TIMEOUT = Setting.duration("import.web-download.connect-timeout")
            .atLeast(ONE_MS).defaultValue(Duration.ofSeconds(30));
    static final Setting<Duration> IMPORT_READ_TIMEOUT = Setting.duration("import.web-download.read-timeout")
            .atLeast(ONE_MS).defaultValue(Duration.ofSeconds(60));
    static final Setting<Integer> IMPORT_MAX_REDIRECTS = Setting.integer("import.web-download.max-redirects")
            .range(0, 20).defaultValue(5);
    static final Setting<Duration> TASKS_TIME_TO_LIVE = Setting.duration("tasks.time-to-live").atLeast(ONE_MS)
            .defaultValue(Duration.ofHours(48));
    static final Setting<Boolean> CACHE_ENABLED = Setting.bool("cache.enabled").defaultValue(false);
    static final Setting<java.nio.file.Path> CACHE_DIR = Setting.path("cache.dir");
    static final Setting<Long> CACHE_MAX_SIZE = Setting.size("cache.max-size").atLeast(0L).defaultValue(10L << 30);
    static final Setting<Duration> CACHE_STALL_TIME = Setting.duration("cache.stall-time").atLeast(ONE_MS)
            .defaultValue(Duration.ofHours(24));
    static final Setting<Integer> CACHE_PREFETCH_WORKERS = Setting.integer("cache.prefetch-workers").range(1, 64)
            .defaultValue(1);
    /** Prefix of the web-download URL filter ({@link dev.imagecatalog.net.AddressRules#SETTINGS} under it). */
    static final String IMPORT_FILTERING_PREFIX = "import.filtering.";
    /** Prefix of each import plug-in's own settings: {@code import.plugin.<name>.<key>}. */
    static final String IMPORT_PLUGIN_PREFIX = "import.plugin.";

    static final SettingsSpec SPEC = SettingsSpec.of("catalog", METADATA_TYPE, STORES, STORES_DEFAULT, SIZE_CAP,
                    HASHING_ALGORITHM, DISK_FORMATS, CONTAINER_FORMATS, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX,
                    UPLOAD_BUFFER_SIZE, UPLOAD_BUFFERS, RECOVERY_ON_START, CATALOG_ID, CATALOG_INSTANCE, ORPHAN_GRACE,
                    INTENT_HEARTBEAT, LIMIT_PROPERTIES, LIMIT_TAGS, LIMIT_MEMBERS, LIMIT_LOCATIONS,
                    PROPERTY_VALUE_BYTES, PATCH_OPERATIONS, FILTER_VALUES, DELETE_DELAYED, SCRUBBER_DELAY,
                    SCRUBBER_INTERVAL, EVENT_QUEUE_CAPACITY, EVENT_LISTENER_TIMEOUT, VALIDATE_IMAGE_PROPERTIES,
                    FORMAT_REQUIRE_MATCH, FORMAT_GPT_NONFATAL, SHOW_MULTIPLE_LOCATIONS, IMPORT_METHODS, IMPORT_WORKERS,
                    IMPORT_STAGING_DIR, IMPORT_PLUGINS, IMPORT_CONNECT_TIMEOUT, IMPORT_READ_TIMEOUT,
                    IMPORT_MAX_REDIRECTS, TASKS_TIME_TO_LIVE, CACHE_ENABLED, CACHE_DIR, CACHE_MAX_SIZE,
                    CACHE_STALL_TIME, CACHE_PREFETCH_WORKERS)
            .with(List.of(quotaCount(QUOTA_PREFIX + IMAGE_COUNT_TOTAL), quotaSize(QUOTA_PREFIX + IMAGE_SIZE_TOTAL),
                    quotaSize(QUOTA_PREFIX + IMAGE_STAGE_TOTAL), quotaCount(QUOTA_PREFIX + IMAGE_COUNT_UPLOADING)))
            .withOpenPrefix("policy.")
            .withOpenPrefix("property-protection.")
            .withOpenPrefix(PROJECT_QUOTA_PREFIX)
            .withOpenPrefix("metadata.")
            .withOpenPrefix("store.")
            .withOpenPrefix(IMPORT_FILTERING_PREFIX)
            .withOpenPrefix(IMPORT_PLUGIN_PREFIX);

    private CoreSettings() {
    }

    /** A count quota: a number, negative for unlimited (read as -1). */
    static Setting<Long> quotaCount(String key) {
        return Setting.of(key, "count (-1: unlimited)", v -> {
            try {
                return Math.max(-1, Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("an integer (-1 for unlimited)");
            }
        });
    }

    /** A byte quota: a size with its unit, or a negative number for unlimited (read as -1). */
    static Setting<Long> quotaSize(String key) {
        Setting<Long> size = Setting.size(key);
        return Setting.of(key, "size (-1: unlimited)", v -> {
            if (v.startsWith("-")) {
                try {
                    Long.parseLong(v);
                    return -1L;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a size (e.g. 10GiB) or -1 for unlimited");
                }
            }
            return size.parse(v);
        });
    }

    /**
     * The catalog's settings checked against {@link #SPEC}, every {@code store.<id>.} key against the ids in
     * {@code stores}, and {@code cache.dir} present when {@code cache.enabled}.
     *
     * @throws CatalogConfigurationException naming the first key at fault
     */
    static Settings check(Settings settings) {
        Settings checked = SPEC.check(settings);
        List<String> ids = checked.value(STORES);
        for (String key : checked.keys()) {
            if (key.startsWith("store.") && ids.stream().noneMatch(id -> key.startsWith("store." + id + "."))) {
                throw new CatalogConfigurationException("unknown setting '" + key + "': no store of that id is in "
                        + "'stores' " + ids);
            }
        }
        if (checked.value(CACHE_ENABLED) && checked.optional(CACHE_DIR).isEmpty()) {
            throw new CatalogConfigurationException("missing required setting 'cache.dir': cache.enabled is true, so "
                    + "say where the image cache lives");
        }
        return checked;
    }
}
