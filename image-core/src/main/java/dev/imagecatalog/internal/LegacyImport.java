package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskType;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's legacy {@code import} task ({@code POST /v2/tasks}): {@code import_from} (an http or https URL, filtered
 * as web-download's), {@code import_from_format} (the disk format) and {@code image_properties} (the new image's
 * fields; any other key a property). Everything is checked before the image is created; the image is then imported
 * as a web-download whose task has type {@code import} and this input. An import that cannot start deletes the
 * image it created.
 */
final class LegacyImport {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyImport.class);

    private final AccessControl access;
    private final ImageRecords records;
    private final ImportFlow flow;
    private final ImportParts parts;

    LegacyImport(AccessControl access, ImageRecords records, ImportFlow flow, ImportParts parts) {
        this.access = access;
        this.records = records;
        this.flow = flow;
        this.parts = parts;
    }

    Task start(Map<String, Object> input) {
        if (input == null) {
            throw new InvalidInputException("an import task needs its input");
        }
        String from = text(input, "import_from");
        if (from == null || from.isBlank()) {
            throw new InvalidInputException("input.import_from is required");
        }
        String scheme = schemeOf(from);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("input.import_from must be an http or https URL: " + from);
        }
        parts.web().check(from);
        Object props = input.getOrDefault("image_properties", Map.of());
        if (!(props instanceof Map<?, ?> properties)) {
            throw new InvalidInputException("input.image_properties must be an object");
        }
        ImageDraft draft = draft(properties, text(input, "import_from_format"));
        Image image = records.create(draft);
        try {
            return flow.start(image.id(), ImportRequest.webDownload(from), TaskType.IMPORT, input);
        } catch (RuntimeException e) {
            try {
                records.delete(image.id());
            } catch (RuntimeException deleteFailure) {
                LOG.warn("deleting image {} of an import task that could not start failed", image.id(),
                        deleteFailure);
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
    }

    private static String schemeOf(String url) {
        try {
            String s = URI.create(url.trim()).getScheme();
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("input.import_from is not a URL: " + url);
        }
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof Collection) {
            throw new InvalidInputException("input." + key + " must be a string");
        }
        return v.toString();
    }

    /** The new image: Glance's image fields from {@code properties}, any other key a property. */
    private ImageDraft draft(Map<?, ?> properties, String format) {
        ImageDraft.Builder b = ImageDraft.builder();
        String disk = format;
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            String s = v == null ? null : v.toString();
            try {
                switch (key) {
                    case "name" -> b.name(s);
                    case "disk_format" -> disk = disk == null ? s : disk;
                    case "container_format" -> b.containerFormat(s);
                    case "visibility" -> b.visibility(Visibility.fromWireName(s));
                    case "protected" -> b.isProtected(Boolean.parseBoolean(s));
                    case "os_hidden" -> b.osHidden(Boolean.parseBoolean(s));
                    case "min_disk" -> b.minDisk(Integer.parseInt(s));
                    case "min_ram" -> b.minRam(Integer.parseInt(s));
                    case "tags" -> {
                        if (!(v instanceof Collection<?> tags)) {
                            throw new InvalidInputException("image_properties.tags must be a list");
                        }
                        tags.forEach(t -> b.tag(String.valueOf(t)));
                    }
                    default -> b.property(key, s);
                }
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException("image_properties." + key + " is invalid: " + s, ex);
            }
        }
        if (disk != null) {
            b.diskFormat(disk);
        }
        return b.build();
    }
}
