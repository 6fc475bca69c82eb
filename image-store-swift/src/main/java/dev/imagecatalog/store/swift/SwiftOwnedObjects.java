package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of one catalog in a Swift store, and what of the containers is that catalog's.
 *
 * <pre>
 * &lt;container&gt;/&lt;catalog id&gt;/&lt;image id&gt;                                   an image (plain object or SLO manifest)
 * &lt;segments container&gt;/&lt;catalog id&gt;/&lt;image id&gt;/&lt;container&gt;/&lt;upload&gt;/&lt;n&gt;  the segments of one upload
 * </pre>
 *
 * Only names of exactly these shapes, in the container the image id maps to, are listed and removable: Glance's
 * objects and DLO segments, objects of the layout without catalog id ({@code <container>/<image id>}), another
 * catalog's and a person's objects are never listed and {@link #remove} refuses them.
 */
final class SwiftOwnedObjects {
    private static final String UUID_RE = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final String UPLOAD_RE = "[0-9]{1,19}-[0-9a-f]{8}";
    private static final String SEGMENT_NUMBER_RE = "[0-9]{8}";

    private final SwiftImageStore store;
    private final String catalogId;
    private final Pattern object;
    private final Pattern upload;
    private final Pattern segment;

    SwiftOwnedObjects(SwiftImageStore store, String catalogId) {
        this.store = store;
        this.catalogId = catalogId;
        String cat = Pattern.quote(catalogId);
        this.object = Pattern.compile(cat + "/(" + UUID_RE + ")");
        this.upload = Pattern.compile(cat + "/(" + UUID_RE + ")/([^/]+)/" + UPLOAD_RE);
        this.segment = Pattern.compile("(" + cat + "/(" + UUID_RE + ")/([^/]+)/" + UPLOAD_RE + ")/" + SEGMENT_NUMBER_RE);
    }

    /** The object name of {@code imageId}'s image. */
    String objectName(String imageId) {
        return catalogId + "/" + imageId;
    }

    /** A fresh segment name prefix (ending in '/') for one upload of {@code imageId} into {@code container}. */
    String newSegmentPrefix(String container, String imageId) {
        // the time first lets an operator see an upload's age at a glance
        return objectName(imageId) + "/" + container + "/" + System.currentTimeMillis() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /** An upload's segments under one prefix, as listed. */
    private static final class Upload {
        final String imageId;
        final String container;
        final List<String> segments = new ArrayList<>();
        Instant newest = Instant.MIN;

        Upload(String imageId, String container) {
            this.imageId = imageId;
            this.container = container;
        }
    }

    /**
     * Visits the catalog's images, then the segments of uploads that no manifest references (one leftover per
     * upload, last modified = its newest segment). Segments are listed before the images, so an upload that commits
     * meanwhile shows as committed or is checked against its manifest, never taken for a leftover by a stale view.
     */
    void forEach(Consumer<StoredObject> visitor) throws IOException {
        String seg = store.config.segmentsContainer();
        Map<String, Upload> uploads = new LinkedHashMap<>();
        store.client.listObjects(seg, catalogId + "/", o -> {
            Matcher m = segment.matcher(o.path("name").asText());
            if (m.matches() && m.group(3).equals(store.containerFor(m.group(2)))) {
                Upload u = uploads.computeIfAbsent(m.group(1), k -> new Upload(m.group(2), m.group(3)));
                u.segments.add(o.path("name").asText());
                Instant modified = lastModified(o);
                if (modified.isAfter(u.newest)) {
                    u.newest = modified;
                }
            }
        });
        Set<String> manifests = new HashSet<>();
        for (String c : store.imageContainers()) {
            store.client.listObjects(c, catalogId + "/", o -> {
                String name = o.path("name").asText();
                Matcher m = object.matcher(name);
                if (m.matches() && c.equals(store.containerFor(m.group(1)))) {
                    manifests.add(c + "/" + name);
                    visitor.accept(new StoredObject(m.group(1), true, store.location(c, name), lastModified(o)));
                }
            });
        }
        for (Map.Entry<String, Upload> e : uploads.entrySet()) {
            Upload u = e.getValue();
            String manifest = u.container + "/" + objectName(u.imageId);
            if (manifests.contains(manifest) && referenced(u.container, objectName(u.imageId), e.getKey())) {
                continue; // segments of a committed image
            }
            visitor.accept(new StoredObject(u.imageId, false, store.location(seg, e.getKey()), u.newest));
        }
    }

    /**
     * Deletes an image (with its segments) or the segments of a leftover upload; false if nothing was there, or if
     * the upload's segments belong to a manifest by now.
     *
     * @throws IllegalArgumentException for a location of another store or a name that is not this catalog's
     */
    boolean remove(StoredObject stored) throws IOException {
        StoreLocation location = stored.location();
        if (!location.scheme().equals(store.scheme()) || !location.storeId().equals(store.id())) {
            throw refused(location);
        }
        int slash = location.key().indexOf('/');
        String container = slash <= 0 ? "" : location.key().substring(0, slash);
        String name = location.key().substring(slash + 1);
        if (stored.committed()) {
            Matcher m = object.matcher(name);
            if (slash <= 0 || !m.matches() || !container.equals(store.containerFor(m.group(1)))) {
                throw refused(location);
            }
            return store.delete(location);
        }
        Matcher m = upload.matcher(name);
        if (slash <= 0 || !m.matches() || !container.equals(store.config.segmentsContainer())
                || !m.group(2).equals(store.containerFor(m.group(1)))) {
            throw refused(location);
        }
        if (referenced(m.group(2), objectName(m.group(1)), name)) {
            return false; // committed meanwhile: the segments are an image's now
        }
        List<String> segments = new ArrayList<>();
        store.client.listObjects(container, name + "/", o -> segments.add(o.path("name").asText()));
        boolean removed = false;
        for (String s : segments) {
            if (segment.matcher(s).matches()) {
                removed |= store.deleteQuietly(container, s);
            }
        }
        return removed;
    }

    private IllegalArgumentException refused(StoreLocation location) {
        return new IllegalArgumentException(location + " is not an object or upload of catalog " + catalogId
                + " in swift store " + store.id());
    }

    /** True if {@code container/object} is an SLO with segments under {@code segmentPrefix} of the segments container. */
    private boolean referenced(String container, String objectName, String segmentPrefix) throws IOException {
        HttpResponse<byte[]> r = store.client.send("GET", SwiftClient.objectPath(container, objectName)
                + "?multipart-manifest=get&format=raw", Map.of());
        if (r.statusCode() == 404) {
            return false;
        }
        SwiftClient.check(r, "GET manifest " + container + "/" + objectName);
        if (!r.headers().firstValue("X-Static-Large-Object").map("true"::equalsIgnoreCase).orElse(false)) {
            return false;
        }
        String prefix = "/" + store.config.segmentsContainer() + "/" + segmentPrefix + "/";
        for (JsonNode s : SwiftClient.JSON.readTree(r.body())) {
            String path = s.has("path") ? s.get("path").asText() : s.path("name").asText();
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Instant lastModified(JsonNode listed) {
        return LocalDateTime.parse(listed.path("last_modified").asText()).toInstant(ZoneOffset.UTC);
    }
}
