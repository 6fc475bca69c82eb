package dev.imagecatalog.internal;

import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.spi.Settings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog-wide settings core itself reads (not a plug-in's), validated once at build time. */
record CatalogConfig(long sizeCap, String hashAlgo, String hashJcaName, ImageFormats formats, int listLimitDefault,
                     int listLimitMax, int bufferSize, int buffers, boolean recoveryOnStart,
                     QuotaLedger.Quotas quotas, int maxProperties, int maxTags, int maxMembers, int maxLocations,
                     boolean deleteDelayed, java.time.Duration scrubberDelay, java.time.Duration scrubberInterval,
                     int eventQueueCapacity, java.time.Duration eventListenerTimeout, InputLimits limits) {

    static final long DEFAULT_SIZE_CAP = 1L << 40;
    private static final Pattern SHA = Pattern.compile("sha(1|224|256|384|512)");
    private static final Pattern SHA3 = Pattern.compile("sha3_(224|256|384|512)");

    static CatalogConfig from(Settings s) {
        long cap = s.getBytes("image.size-cap", DEFAULT_SIZE_CAP);
        if (cap < 1) {
            throw s.bad("image.size-cap", s.get("image.size-cap").orElse(""), "a size of at least 1 byte");
        }
        String algo = s.getString("hashing.algorithm", "sha512").toLowerCase(Locale.ROOT);
        String jca = jcaName(algo);
        try {
            MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw s.bad("hashing.algorithm", algo, "a message digest this JVM provides (sha512, sha256, sha3_512...)");
        }
        Set<String> disk = formatSet(s, "formats.disk", ImageFormats.DEFAULT_DISK_FORMATS);
        Set<String> container = formatSet(s, "formats.container", ImageFormats.DEFAULT_CONTAINER_FORMATS);
        int limitDefault = s.getInt("list.limit.default", 25);
        int limitMax = s.getInt("list.limit.max", 1000);
        if (limitMax < 1) {
            throw s.bad("list.limit.max", String.valueOf(limitMax), "at least 1");
        }
        if (limitDefault < 1 || limitDefault > limitMax) {
            throw s.bad("list.limit.default", String.valueOf(limitDefault), "between 1 and list.limit.max (" + limitMax + ")");
        }
        long bufferSize = s.getBytes("upload.buffer-size", 1L << 20);
        if (bufferSize < 4096 || bufferSize > (256L << 20)) {
            throw s.bad("upload.buffer-size", s.get("upload.buffer-size").orElse(""), "a size between 4KiB and 256MiB");
        }
        int buffers = s.getInt("upload.buffers", 8);
        if (buffers < 1 || buffers > 1024) {
            throw s.bad("upload.buffers", String.valueOf(buffers), "between 1 and 1024");
        }
        boolean recovery = s.getBoolean("recovery.on-start", true);
        QuotaLedger.Quotas quotas = quotas(s);
        int props = perImage(s, "limit.image-properties", 128);
        int tags = perImage(s, "limit.image-tags", 128);
        int members = perImage(s, "limit.image-members", 128);
        int locations = perImage(s, "limit.image-locations", 10);
        boolean delayed = s.getBoolean("delete.delayed", false);
        java.time.Duration delay = s.getDuration("scrubber.delay", java.time.Duration.ZERO);
        if (delay.isNegative()) {
            throw s.bad("scrubber.delay", s.get("scrubber.delay").orElse(""), "a duration of zero or more");
        }
        java.time.Duration interval = s.getDuration("scrubber.interval", java.time.Duration.ZERO);
        if (interval.isNegative()) {
            throw s.bad("scrubber.interval", s.get("scrubber.interval").orElse(""),
                    "a duration (zero: no periodic scrubbing)");
        }
        int capacity = s.getInt("events.queue-capacity", 10_000);
        if (capacity < 1) {
            throw s.bad("events.queue-capacity", String.valueOf(capacity), "at least 1");
        }
        java.time.Duration timeout = s.getDuration("events.listener-timeout", java.time.Duration.ofSeconds(5));
        if (timeout.isNegative() || timeout.isZero()) {
            throw s.bad("events.listener-timeout", s.get("events.listener-timeout").orElse(""), "a positive duration");
        }
        return new CatalogConfig(cap, algo, jca, new ImageFormats(disk, container), limitDefault, limitMax,
                (int) bufferSize, buffers, recovery, quotas, props, tags, members, locations, delayed, delay, interval,
                capacity, timeout, InputLimits.from(s));
    }

    private static final String PROJECT_QUOTA = "quota.project.";
    private static final List<String> QUOTA_NAMES = List.of("image-count-total", "image-size-total",
            "image-stage-total", "image-count-uploading");

    /**
     * {@code quota.<name>} for every project, and {@code quota.project.<project-id>.<name>} for one project (the
     * names it leaves out keep the catalog-wide value).
     */
    private static QuotaLedger.Quotas quotas(Settings s) {
        QuotaLedger.Limits defaults = limits(s, "quota.", null);
        java.util.Map<String, QuotaLedger.Limits> projects = new java.util.TreeMap<>();
        for (String key : s.keys()) {
            if (!key.startsWith(PROJECT_QUOTA)) {
                continue;
            }
            String rest = key.substring(PROJECT_QUOTA.length());
            String name = QUOTA_NAMES.stream().filter(n -> rest.endsWith("." + n)).findFirst().orElse(null);
            String project = name == null ? "" : rest.substring(0, rest.length() - name.length() - 1);
            if (project.isEmpty()) {
                throw s.bad(key, s.get(key).orElse(""), "a key of the form " + PROJECT_QUOTA + "<project-id>.<"
                        + String.join("|", QUOTA_NAMES) + ">");
            }
            projects.computeIfAbsent(project, p -> limits(s, PROJECT_QUOTA + p + ".", defaults));
        }
        return new QuotaLedger.Quotas(defaults, projects);
    }

    /** The four quotas under {@code prefix}; one not set is {@code fallback}'s (unlimited without one). */
    private static QuotaLedger.Limits limits(Settings s, String prefix, QuotaLedger.Limits fallback) {
        QuotaLedger.Limits f = fallback == null ? new QuotaLedger.Limits(-1, -1, -1, -1) : fallback;
        return new QuotaLedger.Limits(quotaCount(s, prefix + "image-count-total", f.imageCountTotal()),
                quotaBytes(s, prefix + "image-size-total", f.imageSizeTotal()),
                quotaBytes(s, prefix + "image-stage-total", f.imageStageTotal()),
                quotaCount(s, prefix + "image-count-uploading", f.imageCountUploading()));
    }

    /** A count quota: a number, negative for unlimited. */
    private static long quotaCount(Settings s, String key, long def) {
        return Math.max(-1, s.getLong(key, def));
    }

    /** A byte quota: a size (B, KiB, MiB...), or a negative number for unlimited. */
    private static long quotaBytes(Settings s, String key, long def) {
        if (s.get(key).isEmpty()) {
            return def;
        }
        String v = s.get(key).orElse("-1").trim();
        if (v.startsWith("-")) {
            try {
                Long.parseLong(v);
                return -1;
            } catch (NumberFormatException e) {
                throw s.bad(key, v, "a size (e.g. 10GiB) or -1 for unlimited");
            }
        }
        return s.getBytes(key, -1);
    }

    /** A per-image limit: negative means unlimited. */
    private static int perImage(Settings s, String key, int def) {
        int v = s.getInt(key, def);
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

    private static Set<String> formatSet(Settings s, String key, Set<String> defaults) {
        List<String> list = s.getList(key);
        if (list.isEmpty()) {
            if (s.get(key).isPresent()) {
                throw s.bad(key, s.get(key).get(), "a comma-separated list of formats");
            }
            return defaults;
        }
        return new LinkedHashSet<>(list);
    }
}
