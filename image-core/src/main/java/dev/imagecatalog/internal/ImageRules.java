package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glance's attribute rules (read-only, reserved, formats, types) for creates and patches; the size and character
 * rules of the values are {@link InputLimits}'.
 */
final class ImageRules {
    static final String RESERVED_NAMESPACE = "os_glance";

    /** Attributes nobody writes (Glance's API and domain read-only sets, plus the disallowed ones). */
    static final Set<String> READ_ONLY = Set.of("created_at", "updated_at", "status", "checksum", "size",
            "virtual_size", "id", "os_hash_algo", "os_hash_value", "direct_url", "self", "file", "schema", "stores");
    /** Attributes reserved by Glance. */
    static final Set<String> RESERVED = Set.of("location", "locations", "deleted", "deleted_at");
    /** Writable base attributes (set through their own fields, never as custom properties). */
    static final Set<String> BASE = Set.of("name", "visibility", "protected", "os_hidden", "disk_format",
            "container_format", "min_disk", "min_ram", "owner", "tags");

    private final ImageFormats formats;
    private final InputLimits limits;
    private final CreationClock clock = new CreationClock();

    ImageRules(ImageFormats formats, InputLimits limits) {
        this.formats = formats;
        this.limits = limits;
    }

    /** The catalog's time stamps, to the microsecond (what PostgreSQL keeps and Glance's Python clock gives). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    // ---------------------------------------------------------------- access

    /** Owner or admin (Glance's default {@code modify_image}, {@code delete_image}, {@code upload_image}). */
    static void checkWrite(RequestContext ctx, Image image, String action) {
        if (!ctx.isAdmin() && (image.owner() == null || !image.owner().equals(ctx.projectId()))) {
            throw new ForbiddenException("you may not " + action + " image " + image.id() + ": it belongs to another project");
        }
    }

    // ---------------------------------------------------------------- create

    Image newImage(RequestContext ctx, ImageDraft d, String generatedId) {
        String id = d.id() == null ? generatedId : ImageIds.canonical(d.id());
        if (id == null) {
            throw new InvalidInputException("invalid id '" + InputLimits.shown(d.id()) + "': an image id must be a UUID");
        }
        Image.Builder b = Image.builder().id(id).status(ImageStatus.QUEUED);
        b.name(checkName(d.name()));
        if (d.owner() != null && !d.owner().equals(ctx.projectId())) {
            if (!ctx.isAdmin()) {
                throw new ForbiddenException("you may not create an image owned by project '" + d.owner() + "'");
            }
            checkString("'owner'", d.owner());
        }
        b.owner(d.owner() != null ? d.owner() : ctx.projectId());
        b.visibility(checkVisibility(ctx, d.visibility() == null ? Visibility.SHARED : d.visibility()));
        if (d.isProtected() != null) {
            b.isProtected(d.isProtected());
        }
        if (d.osHidden() != null) {
            b.osHidden(d.osHidden());
        }
        b.diskFormat(checkDiskFormat(d.diskFormat()));
        b.containerFormat(checkContainerFormat(d.containerFormat()));
        b.minDisk(checkMin("min_disk", d.minDisk() == null ? 0L : d.minDisk().longValue()));
        b.minRam(checkMin("min_ram", d.minRam() == null ? 0L : d.minRam().longValue()));
        b.tags(checkTags(d.tags()));
        for (Map.Entry<String, String> e : d.properties().entrySet()) {
            checkPropertyKey(e.getKey());
            b.property(e.getKey(), checkPropertyValue(e.getKey(), e.getValue()));
        }
        Instant now = clock.next();
        return b.createdAt(now).updatedAt(now).version(1).build();
    }

    // ---------------------------------------------------------------- patch

    /** Applies {@code patch} in order to a copy of {@code image}; nothing is saved here. */
    Image apply(RequestContext ctx, Image image, ImagePatch patch) {
        return apply(ctx, image, patch.operations());
    }

    /**
     * Applies {@code operations} (attribute changes; a {@code /locations} change is reserved here, as it is
     * {@link ImageLocations}') in order to a copy of {@code image}; nothing is saved here.
     */
    Image apply(RequestContext ctx, Image image, List<ImagePatch.Operation> operations) {
        Image.Builder b = image.toBuilder();
        Map<String, String> props = new java.util.TreeMap<>(image.properties());
        String diskFormat = image.diskFormat();
        String containerFormat = image.containerFormat();
        for (ImagePatch.Operation op : operations) {
            String path = op.path();
            if (path.isEmpty()) {
                throw new InvalidInputException("invalid patch path '/': it names no attribute");
            }
            if (READ_ONLY.contains(path)) {
                throw new ForbiddenException("attribute '" + path + "' is read-only");
            }
            if (RESERVED.contains(path)) {
                throw new ForbiddenException("attribute '" + path + "' is reserved");
            }
            if (path.startsWith(RESERVED_NAMESPACE)) {
                throw new ForbiddenException("attribute '" + path + "' is reserved: the " + RESERVED_NAMESPACE
                        + " namespace belongs to the catalog");
            }
            if (BASE.contains(path)) {
                if (op.op() == ImagePatch.Op.REMOVE) {
                    throw new ForbiddenException("attribute '" + path + "' may not be removed");
                }
                Object v = op.value();
                switch (path) {
                    case "name":
                        if (v != null && !(v instanceof String)) {
                            throw invalidType(path, v, "a string or null");
                        }
                        b.name(checkName((String) v));
                        break;
                    case "visibility":
                        Visibility vis = v instanceof Visibility ? (Visibility) v
                                : Visibility.fromWireName(v instanceof String ? (String) v : String.valueOf(v));
                        if (vis != image.visibility()) {
                            checkVisibility(ctx, vis);
                        }
                        b.visibility(vis);
                        break;
                    case "protected":
                        b.isProtected(bool(path, v));
                        break;
                    case "os_hidden":
                        b.osHidden(bool(path, v));
                        break;
                    case "min_disk":
                        b.minDisk(checkMin(path, integer(path, v)));
                        break;
                    case "min_ram":
                        b.minRam(checkMin(path, integer(path, v)));
                        break;
                    case "disk_format":
                    case "container_format":
                        if (v != null && !(v instanceof String)) {
                            throw invalidType(path, v, "a string or null");
                        }
                        String f = (String) v;
                        if (image.status() != ImageStatus.QUEUED && image.status() != ImageStatus.IMPORTING) {
                            throw new ForbiddenException("attribute '" + path + "' can be changed only while the image is queued (it is "
                                    + image.status() + ")");
                        }
                        if (path.equals("disk_format")) {
                            diskFormat = checkDiskFormat(f);
                            b.diskFormat(diskFormat);
                        } else {
                            containerFormat = checkContainerFormat(f);
                            b.containerFormat(containerFormat);
                        }
                        break;
                    case "owner":
                        if (v != null && !(v instanceof String)) {
                            throw invalidType(path, v, "a string or null");
                        }
                        if (!ctx.isAdmin() && !java.util.Objects.equals(v, image.owner())) {
                            throw new ForbiddenException("only an administrator may change the owner of image " + image.id());
                        }
                        if (v != null) {
                            checkString("'owner'", (String) v);
                        }
                        b.owner((String) v);
                        break;
                    case "tags":
                        if (!(v instanceof Collection)) {
                            throw invalidType(path, v, "a list of strings");
                        }
                        List<String> tags = new ArrayList<>();
                        for (Object t : (Collection<?>) v) {
                            if (!(t instanceof String)) {
                                throw invalidType("tags", t, "a string");
                            }
                            tags.add((String) t);
                        }
                        b.tags(checkTags(tags));
                        break;
                    default:
                        throw new IllegalStateException(path);
                }
            } else {
                checkPropertyKey(path);
                switch (op.op()) {
                    case ADD:
                        props.put(path, checkPropertyValue(path, op.value()));
                        break;
                    case REPLACE:
                        if (!props.containsKey(path)) {
                            throw new ConflictException("property '" + path + "' does not exist on image " + image.id());
                        }
                        props.put(path, checkPropertyValue(path, op.value()));
                        break;
                    default:
                        if (props.remove(path) == null) {
                            throw new ConflictException("property '" + path + "' does not exist on image " + image.id());
                        }
                }
            }
        }
        return b.properties(props).updatedAt(now()).build();
    }

    // ---------------------------------------------------------------- checks

    private static InvalidInputException invalidType(String field, Object v, String expected) {
        return new InvalidInputException("invalid value for '" + field + "': " + v + " is not " + expected);
    }

    private static boolean bool(String field, Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw invalidType(field, v, "a boolean");
    }

    private static long integer(String field, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger) {
            java.math.BigInteger bi = (java.math.BigInteger) v;
            return bi.bitLength() < 63 ? bi.longValue() : (bi.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        throw invalidType(field, v, "an integer");
    }

    static int checkMin(String field, long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new InvalidInputException("invalid value for '" + field + "': " + v + " is not between 0 and " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    static String checkName(String name) {
        if (name != null) {
            checkString("'name'", name);
        }
        return name;
    }

    /** A name, owner or member id: {@link InputLimits#field}. */
    static void checkString(String field, String v) {
        InputLimits.field(field, v);
    }

    static String checkTag(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidInputException("a tag must be a non-empty string");
        }
        checkString("'tags' value", tag);
        return tag;
    }

    static List<String> checkTags(Collection<String> tags) {
        List<String> out = new ArrayList<>(tags.size());
        for (String t : tags) {
            out.add(checkTag(t));
        }
        return out;
    }

    static void checkPropertyKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("a property key must be a non-empty string");
        }
        InputLimits.propertyKey(key);
        if (READ_ONLY.contains(key)) {
            throw new ForbiddenException("attribute '" + key + "' is read-only");
        }
        if (RESERVED.contains(key) || key.equals("owner")) {
            throw new ForbiddenException("attribute '" + key + "' is reserved");
        }
        if (key.startsWith(RESERVED_NAMESPACE)) {
            throw new ForbiddenException("attribute '" + key + "' is reserved: the " + RESERVED_NAMESPACE
                    + " namespace belongs to the catalog");
        }
        if (BASE.contains(key)) {
            throw new InvalidInputException("'" + key + "' is a base attribute, not a custom property");
        }
    }

    String checkPropertyValue(String key, Object value) {
        if (!(value instanceof String)) {
            throw invalidType(InputLimits.shown(key), value, "a string (custom property values are strings)");
        }
        limits.propertyValue(key, (String) value);
        return (String) value;
    }

    /** Who may choose a visibility is policy ({@code publicize_image}, {@code communitize_image}), checked by the service. */
    static Visibility checkVisibility(RequestContext ctx, Visibility v) {
        return v;
    }

    String checkDiskFormat(String f) {
        if (f != null && !formats.diskFormats().contains(f)) {
            throw new InvalidInputException("invalid disk_format '" + f + "': expected one of "
                    + new java.util.TreeSet<>(formats.diskFormats()));
        }
        return f;
    }

    String checkContainerFormat(String f) {
        if (f != null && !formats.containerFormats().contains(f)) {
            throw new InvalidInputException("invalid container_format '" + f + "': expected one of "
                    + new java.util.TreeSet<>(formats.containerFormats()));
        }
        return f;
    }
}
