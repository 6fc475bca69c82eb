package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image bytes in OpenStack Swift, named by the owning catalog's id (see {@link SwiftOwnedObjects}): an image is the
 * object {@code <catalog id>/<image id>}; small images are one object written with one PUT, larger ones static
 * large objects whose segments live in a separate segments container under a prefix unique to the upload
 * ({@code <catalog id>/<image id>/<container>/<upload-id>/<00000001>}), with the manifest written last. Objects
 * of other names (Glance's, the layout without catalog id) are read and deleted through their locations but never
 * listed; the store removes nothing on its own.
 */
final class SwiftImageStore implements ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(SwiftImageStore.class);

    /** The store's resolved settings. */
    record Config(String container, String segmentsContainer, int multipleContainersSeed, boolean createContainers,
                  long largeObjectThreshold, int segmentSize, int segmentsInFlight, int downloadRetries,
                  Duration tokenRefreshMargin, Duration requestTimeout, Duration connectTimeout,
                  String storageUrlOverride, Map<String, String> properties) {
    }

    private final String id;
    final Config config;
    final SwiftClient client;
    private final ExecutorService uploads;
    private final Set<String> knownContainers = ConcurrentHashMap.newKeySet();
    private final SwiftOwnedObjects owned;

    SwiftImageStore(String id, String catalogId, SwiftAuth auth, Config config) {
        this.id = id;
        this.config = config;
        this.owned = new SwiftOwnedObjects(this, catalogId);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.client = new SwiftClient(http, auth, config.requestTimeout(), config.tokenRefreshMargin(),
                config.storageUrlOverride());
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "swift-" + id + "-segment-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.uploads = Executors.newCachedThreadPool(tf);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return SwiftImageStoreProvider.TYPE;
    }

    /** The container an image goes to: the container, or with a seed N, {@code <container>_<first N hex chars>}. */
    String containerFor(String imageId) {
        int seed = config.multipleContainersSeed();
        if (seed == 0) {
            return config.container();
        }
        StringBuilder suffix = new StringBuilder();
        int counted = 0;
        for (int i = 0; i < imageId.length() && counted < seed; i++) {
            char c = imageId.charAt(i);
            suffix.append(c);
            if (c != '-') {
                counted++;
            }
        }
        return config.container() + "_" + suffix;
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        if (imageId == null || imageId.isEmpty() || imageId.contains("/")) {
            throw new InvalidInputException("invalid image id '" + imageId + "'");
        }
        String container = containerFor(imageId);
        return new SwiftImageWriter(this, container, owned.objectName(imageId),
                owned.newSegmentPrefix(container, imageId), expectedSize);
    }

    StoreLocation location(String container, String object) {
        return new StoreLocation(scheme(), id, container + "/" + object);
    }

    /** {container, object} of a location of this store. */
    String[] parse(StoreLocation loc) {
        if (!scheme().equals(loc.scheme()) || !id.equals(loc.storeId())) {
            throw new InvalidInputException("location " + loc + " does not belong to swift store '" + id + "'");
        }
        int slash = loc.key().indexOf('/');
        if (slash <= 0 || slash == loc.key().length() - 1) {
            throw new InvalidInputException("swift location " + loc + " is not <container>/<object>");
        }
        return new String[] {loc.key().substring(0, slash), loc.key().substring(slash + 1)};
    }

    void ensureContainer(String container) throws IOException {
        if (!config.createContainers() || knownContainers.contains(container)) {
            return;
        }
        HttpResponse<byte[]> r = client.send("PUT", "/" + SwiftClient.enc(container), Map.of());
        SwiftClient.check(r, "create container " + container);
        knownContainers.add(container);
    }

    ExecutorService uploads() {
        return uploads;
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        String[] co = parse(location);
        if (offset < 0 || length < -1) {
            throw new InvalidInputException("invalid range offset " + offset + " length " + length);
        }
        if (length == 0) {
            size(location); // NotFound for a missing object
            return InputStream.nullInputStream();
        }
        return SwiftDownload.open(client, SwiftClient.objectPath(co[0], co[1]), offset,
                length < 0 ? -1 : offset + length, config.downloadRetries());
    }

    private HttpResponse<byte[]> head(String[] co) throws IOException {
        return client.send("HEAD", SwiftClient.objectPath(co[0], co[1]), Map.of());
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        String[] co = parse(location);
        HttpResponse<byte[]> r = head(co);
        if (r.statusCode() == 404) {
            throw new NotFoundException("no object " + location);
        }
        SwiftClient.check(r, "HEAD " + location);
        return r.headers().firstValueAsLong("Content-Length").orElseThrow(
                () -> new BackendUnavailableException("HEAD " + location + " gave no Content-Length"));
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        HttpResponse<byte[]> r = head(parse(location));
        if (r.statusCode() == 404) {
            return false;
        }
        SwiftClient.check(r, "HEAD " + location);
        return true;
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        String[] co = parse(location);
        String path = SwiftClient.objectPath(co[0], co[1]);
        HttpResponse<byte[]> h = head(co);
        if (h.statusCode() == 404) {
            return false;
        }
        SwiftClient.check(h, "HEAD " + location);
        if (h.headers().firstValue("X-Static-Large-Object").map("true"::equalsIgnoreCase).orElse(false)) {
            HttpResponse<byte[]> r = client.send("DELETE", path + "?multipart-manifest=delete",
                    Map.of("Accept", "application/json"));
            if (r.statusCode() == 404) {
                return false;
            }
            SwiftClient.check(r, "DELETE " + location + "?multipart-manifest=delete");
            JsonNode result = r.body().length == 0 ? null : SwiftClient.JSON.readTree(r.body());
            if (result != null) {
                String status = result.path("Response Status").asText("200 OK");
                if (!status.startsWith("200") || result.path("Errors").size() > 0) {
                    throw new BackendUnavailableException("deleting SLO " + location + ": " + status + " "
                            + result.path("Errors"));
                }
            }
            return true;
        }
        String dlo = h.headers().firstValue("X-Object-Manifest").orElse(null);
        HttpResponse<byte[]> r = client.send("DELETE", path, Map.of());
        boolean existed = r.statusCode() != 404;
        if (existed) {
            SwiftClient.check(r, "DELETE " + location);
        }
        if (dlo != null) {
            // a DLO: the manifest is gone (no reader sees a partial object); now its segments, by prefix
            String decoded = URLDecoder.decode(dlo, StandardCharsets.UTF_8);
            int slash = decoded.indexOf('/');
            String segContainer = decoded.substring(0, slash);
            String prefix = decoded.substring(slash + 1);
            List<String> names = new ArrayList<>();
            client.listObjects(segContainer, prefix, o -> names.add(o.path("name").asText()));
            for (String name : names) {
                deleteQuietly(segContainer, name);
            }
        }
        return existed;
    }

    /** Deletes one object; 404 is fine. Returns true when it is gone. */
    boolean deleteQuietly(String container, String object) {
        try {
            HttpResponse<byte[]> r = client.send("DELETE", SwiftClient.objectPath(container, object), Map.of());
            if (r.statusCode() / 100 == 2 || r.statusCode() == 404) {
                return true;
            }
            LOG.warn("could not delete {}/{}: HTTP {}", container, object, r.statusCode());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {}/{}: {}", container, object, e.toString());
        }
        return false;
    }

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        owned.forEach(visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        return owned.remove(object);
    }

    /** The containers images live in (one, or with a seed, all {@code <container>_<hex>} ones). */
    List<String> imageContainers() throws IOException {
        if (config.multipleContainersSeed() == 0) {
            return List.of(config.container());
        }
        Pattern p = Pattern.compile(Pattern.quote(config.container() + "_") + "[0-9a-fA-F-]+");
        List<String> out = new ArrayList<>();
        for (String c : client.listContainers(config.container() + "_")) {
            if (p.matcher(c).matches() && !c.equals(config.segmentsContainer())) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void close() {
        uploads.shutdownNow();
    }

    @Override
    public String toString() {
        return "SwiftImageStore{id=" + id + ", container=" + config.container() + "}";
    }

    /** The settings an administrator may see ({@link SwiftImageStoreProvider#properties}); never a credential. */
    @Override
    public Map<String, String> properties() {
        return config.properties();
    }
}
