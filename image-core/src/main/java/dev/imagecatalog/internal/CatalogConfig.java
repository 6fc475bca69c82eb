package dev.imagecatalog.internal;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.ImageFormats;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog-wide settings core itself reads (not a plug-in's), validated once at build time. */
record CatalogConfig(long sizeCap, String hashAlgo, String hashJcaName, ImageFormats formats, int listLimitDefault,
                     int listLimitMax, int bufferSize, int buffers, boolean recoveryOnStart,
                     QuotaLedger.Quotas quotas, int maxProperties, int maxTags, int maxMembers, int maxLocations,
                     boolean deleteDelayed, java.time.Duration scrubberDelay, java.time.Duration scrubberInterval,
                     int eventQueueCapacity, java.time.Duration eventListenerTimeout, InputLimits limits,
                     boolean showMultipleLocations) {

    private static final Pattern SHA = Pattern.compile("sha(1|224|256|384|512)");
    private static final Pattern SHA3 = Pattern.compile("sha3_(224|256|384|512)");

    /** The values of {@code s}, which {@link CoreSettings#check} has checked key by key; here the rules across keys. */
    static CatalogConfig from(Settings s) {
        String algo = s.value(CoreSettings.HASHING_ALGORITHM).toLowerCase(Locale.ROOT);
        String jca = jcaName(algo);
        try {
            MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw s.bad(CoreSettings.HASHING_ALGORITHM, "a message digest this JVM provides (sha512, sha256, "
                    + "sha3_512...)");
        }
        Set<String> disk = s.optional(CoreSettings.DISK_FORMATS).<Set<String>>map(LinkedHashSet::new)
                .orElse(ImageFormats.DEFAULT_DISK_FORMATS);
        Set<String> container = s.optional(CoreSettings.CONTAINER_FORMATS).<Set<String>>map(LinkedHashSet::new)
                .orElse(ImageFormats.DEFAULT_CONTAINER_FORMATS);
        int limitMax = s.value(CoreSettings.LIST_LIMIT_MAX);
        int limitDefault = s.value(CoreSettings.LIST_LIMIT_DEFAULT);
        if (limitDefault > limitMax) {
            throw s.bad(CoreSettings.LIST_LIMIT_DEFAULT, "between 1 and list.limit.max (" + limitMax + ")");
        }
        return new CatalogConfig(s.value(CoreSettings.SIZE_CAP), algo, jca, new ImageFormats(disk, container),
                limitDefault, limitMax, (int) (long) s.value(CoreSettings.UPLOAD_BUFFER_SIZE),
                s.value(CoreSettings.UPLOAD_BUFFERS), s.value(CoreSettings.RECOVERY_ON_START), quotas(s),
                perImage(s, CoreSettings.LIMIT_PROPERTIES), perImage(s, CoreSettings.LIMIT_TAGS),
                perImage(s, CoreSettings.LIMIT_MEMBERS), perImage(s, CoreSettings.LIMIT_LOCATIONS),
                s.value(CoreSettings.DELETE_DELAYED), s.value(CoreSettings.SCRUBBER_DELAY),
                s.value(CoreSettings.SCRUBBER_INTERVAL), s.value(CoreSettings.EVENT_QUEUE_CAPACITY),
                s.value(CoreSettings.EVENT_LISTENER_TIMEOUT), InputLimits.from(s),
                s.value(CoreSettings.SHOW_MULTIPLE_LOCATIONS));
    }

    /**
     * {@code quota.<name>} for every project, and {@code quota.project.<project-id>.<name>} for one project (the
     * names it leaves out keep the catalog-wide value).
     */
    private static QuotaLedger.Quotas quotas(Settings s) {
        QuotaLedger.Limits defaults = limits(s, CoreSettings.QUOTA_PREFIX, null);
        java.util.Map<String, QuotaLedger.Limits> projects = new java.util.TreeMap<>();
        for (String key : s.keys()) {
            if (!key.startsWith(CoreSettings.PROJECT_QUOTA_PREFIX)) {
                continue;
            }
            String rest = key.substring(CoreSettings.PROJECT_QUOTA_PREFIX.length());
            String name = CoreSettings.QUOTA_NAMES.stream().filter(n -> rest.endsWith("." + n)).findFirst()
                    .orElse(null);
            String project = name == null ? "" : rest.substring(0, rest.length() - name.length() - 1);
            if (project.isEmpty()) {
                throw s.bad(key, s.get(key).orElse(""), "a key of the form " + CoreSettings.PROJECT_QUOTA_PREFIX
                        + "<project-id>.<" + String.join("|", CoreSettings.QUOTA_NAMES) + ">");
            }
            projects.computeIfAbsent(project, p -> limits(s, CoreSettings.PROJECT_QUOTA_PREFIX + p + ".", defaults));
        }
        return new QuotaLedger.Quotas(defaults, projects);
    }

    /** The four quotas under {@code prefix}; one not set is {@code fallback}'s (unlimited without one). */
    private static QuotaLedger.Limits limits(Settings s, String prefix, QuotaLedger.Limits fallback) {
        QuotaLedger.Limits f = fallback == null ? new QuotaLedger.Limits(-1, -1, -1, -1) : fallback;
        return new QuotaLedger.Limits(
                s.optional(CoreSettings.quotaCount(prefix + CoreSettings.IMAGE_COUNT_TOTAL)).orElse(f.imageCountTotal()),
                s.optional(CoreSettings.quotaSize(prefix + CoreSettings.IMAGE_SIZE_TOTAL)).orElse(f.imageSizeTotal()),
                s.optional(CoreSettings.quotaSize(prefix + CoreSettings.IMAGE_STAGE_TOTAL)).orElse(f.imageStageTotal()),
                s.optional(CoreSettings.quotaCount(prefix + CoreSettings.IMAGE_COUNT_UPLOADING))
                        .orElse(f.imageCountUploading()));
    }

    /** A per-image limit: negative means unlimited. */
    private static int perImage(Settings s, Setting<Integer> limit) {
        int v = s.value(limit);
        return v < 0 ? Integer.MAX_VALUE : v;
    }

    /** Glance's hashlib-style names (sha512, sha3_256) to JCA names (SHA-512, SHA3-256); others as given. */
    static String jcaName(String algo) {
        Matcher m = SHA.matcher(algo);
        if (m.matches()) {
            return "SHA-" + m.group(1);
        }
        m = SHA3.matcher(algo);
        if (m.matches()) {
            return "SHA3-" + m.group(1);
        }
        return algo.toUpperCase(Locale.ROOT);
    }
}
