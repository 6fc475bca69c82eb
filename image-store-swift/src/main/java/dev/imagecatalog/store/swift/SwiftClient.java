package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.StorageFullException;
import dev.imagecatalog.error.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's HTTP API over {@link HttpClient}: a cached token refreshed shortly before it expires, and one re-auth plus
 * retry of a request answered 401.
 */
final class SwiftClient {
    private static final Logger LOG = LoggerFactory.getLogger(SwiftClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final SwiftAuth auth;
    private final Duration timeout;
    private final Duration refreshMargin;
    private final String storageUrlOverride;
    private final AtomicInteger authentications = new AtomicInteger();
    private SwiftAuth.Token token; // guarded by this

    SwiftClient(HttpClient http, SwiftAuth auth, Duration timeout, Duration refreshMargin, String storageUrlOverride) {
        this.http = http;
        this.auth = auth;
        this.timeout = timeout;
        this.refreshMargin = refreshMargin;
        this.storageUrlOverride = storageUrlOverride == null ? null : stripSlash(storageUrlOverride);
    }

    /** How many tokens were fetched so far (for tests and logs). */
    int authentications() {
        return authentications.get();
    }

    synchronized SwiftAuth.Token token() throws IOException {
        if (token == null || (token.expiresAt() != null && auth.canRefresh()
                && Instant.now().plus(refreshMargin).isAfter(token.expiresAt()))) {
            try {
                token = auth.authenticate(http, timeout);
                authentications.incrementAndGet();
                LOG.debug("authenticated: {}", token);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while authenticating");
            }
        }
        return token;
    }

    private synchronized void invalidate(SwiftAuth.Token rejected) {
        if (token == rejected) {
            token = null;
        }
    }

    /** The storage URL (no trailing slash). */
    String storageUrl() throws IOException {
        return storageUrlOverride != null ? storageUrlOverride : stripSlash(token().storageUrl());
    }

    /**
     * Sends one request to {@code storageUrl + path + query}. A 401 invalidates the token and the request is sent
     * once more with a new one ({@code body} supplies a fresh publisher for the retry).
     */
    <T> HttpResponse<T> send(String method, String pathAndQuery, Map<String, String> headers,
                             Supplier<HttpRequest.BodyPublisher> body, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            SwiftAuth.Token t = token();
            String base = storageUrlOverride != null ? storageUrlOverride : stripSlash(t.storageUrl());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                    .header("X-Auth-Token", t.value())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
            headers.forEach(b::header);
            HttpResponse<T> resp;
            try {
                resp = http.send(b.build(), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(method + " " + pathAndQuery + " interrupted");
            }
            if (resp.statusCode() == 401 && attempt == 0 && auth.canRefresh()) {
                discard(resp);
                LOG.info("{} {} answered 401; re-authenticating and retrying once", method, pathAndQuery);
                invalidate(t);
                continue;
            }
            return resp;
        }
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, Map<String, String> headers) throws IOException {
        return send(method, pathAndQuery, headers, null, HttpResponse.BodyHandlers.ofByteArray());
    }

    static void discard(HttpResponse<?> resp) {
        if (resp.body() instanceof InputStream) {
            try {
                ((InputStream) resp.body()).close();
            } catch (IOException ignored) {
                // nothing to release beyond the connection
            }
        }
    }

    /** Lists a container's objects (JSON listing, paged by marker), optionally under a prefix. */
    void listObjects(String container, String prefix, Consumer<JsonNode> visitor) throws IOException {
        String marker = "";
        while (true) {
            String q = "?format=json&limit=1000" + (prefix == null ? "" : "&prefix=" + enc(prefix))
                    + (marker.isEmpty() ? "" : "&marker=" + enc(marker));
            HttpResponse<byte[]> r = send("GET", "/" + enc(container) + q, Map.of());
            if (r.statusCode() == 404) {
                return;
            }
            check(r, "list container " + container);
            if (r.statusCode() == 204 || r.body().length == 0) {
                return;
            }
            JsonNode arr = JSON.readTree(r.body());
            if (arr.size() == 0) {
                return;
            }
            for (JsonNode o : arr) {
                visitor.accept(o);
                marker = o.has("name") ? o.get("name").asText() : o.path("subdir").asText();
            }
        }
    }

    /** Lists the account's container names starting with {@code prefix}. */
    List<String> listContainers(String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        String marker = "";
        while (true) {
            String q = "?format=json&limit=1000&prefix=" + enc(prefix) + (marker.isEmpty() ? "" : "&marker=" + enc(marker));
            HttpResponse<byte[]> r = send("GET", q, Map.of());
            check(r, "list containers");
            if (r.statusCode() == 204 || r.body().length == 0) {
                return names;
            }
            JsonNode arr = JSON.readTree(r.body());
            if (arr.size() == 0) {
                return names;
            }
            for (JsonNode c : arr) {
                marker = c.get("name").asText();
                names.add(marker);
            }
        }
    }

    /** Throws the typed exception for an unsuccessful response. */
    static void check(HttpResponse<?> r, String what) {
        if (r.statusCode() / 100 == 2) {
            return;
        }
        discard(r);
        throw error(r.statusCode(), what + ": HTTP " + r.statusCode() + bodyText(r));
    }

    static ImageCatalogException error(int status, String message) {
        switch (status) {
            case 401:
            case 403:
                return new ForbiddenException("Swift refused the request (" + message + ")");
            case 404:
                return new NotFoundException(message);
            case 409:
                return new ConflictException(message);
            case 413:
                return new TooLargeException(message);
            case 507:
                return new StorageFullException(message, null);
            default:
                return new BackendUnavailableException(message);
        }
    }

    private static String bodyText(HttpResponse<?> r) {
        if (r.body() instanceof byte[] && ((byte[]) r.body()).length > 0) {
            String s = new String((byte[]) r.body(), StandardCharsets.UTF_8).strip();
            return " (" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + ")";
        }
        return "";
    }

    /** Percent-encodes a name, keeping '/' (Swift object names may contain it). */
    static String enc(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    static String objectPath(String container, String object) {
        return "/" + enc(container) + "/" + enc(object);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
