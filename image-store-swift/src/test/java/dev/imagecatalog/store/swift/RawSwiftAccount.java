package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Swift account seen without the store: TempAuth and plain HTTP of its own, to list what the containers whose
 * names start with a given prefix really hold (segments containers included) and to put other applications' objects.
 */
final class RawSwiftAccount {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String storageUrl;
    private final String token;

    /** Authenticates with the TempAuth settings of a store ({@code auth-url}, {@code user}, {@code key}). */
    RawSwiftAccount(Map<String, String> storeSettings) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(URI.create(storeSettings.get("auth-url")))
                .header("X-Auth-User", storeSettings.get("user")).header("X-Auth-Key", storeSettings.get("key"))
                .GET(), HttpResponse.BodyHandlers.discarding());
        expect(r, 200);
        storageUrl = r.headers().firstValue("X-Storage-Url").orElseThrow();
        token = r.headers().firstValue("X-Auth-Token").orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(storageUrl + path)).header("X-Auth-Token", token);
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> h) {
        try {
            return http.send(b.build(), h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<?> r, int... codes) {
        for (int c : codes) {
            if (r.statusCode() == c) {
                return;
            }
        }
        throw new IllegalStateException(r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode());
    }

    /** Creates a container. */
    void createContainer(String container) {
        expect(send(request("/" + enc(container)).PUT(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding()), 201, 202);
    }

    /** Puts an object as another application (Glance, a person) would. */
    void put(String container, String object, String content) {
        expect(send(request("/" + enc(container) + "/" + enc(object)).PUT(HttpRequest.BodyPublishers.ofString(content)),
                HttpResponse.BodyHandlers.discarding()), 201);
    }

    /** The containers whose names start with {@code prefix}. */
    List<String> containers(String prefix) {
        return names(request("?format=json&prefix=" + enc(prefix)));
    }

    /** Every object of every container whose name starts with {@code prefix}, as {@code container/object}. */
    List<String> everything(String prefix) {
        List<String> all = new ArrayList<>();
        for (String c : containers(prefix)) {
            for (String o : names(request("/" + enc(c) + "?format=json"))) {
                all.add(c + "/" + o);
            }
        }
        return all;
    }

    private List<String> names(HttpRequest.Builder listing) {
        HttpResponse<byte[]> r = send(listing.GET(), HttpResponse.BodyHandlers.ofByteArray());
        expect(r, 200, 204);
        List<String> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            try {
                for (JsonNode n : JSON.readTree(r.body())) {
                    out.add(n.path("name").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Deletes every container whose name starts with {@code prefix}, with everything in it. */
    void deleteContainers(String prefix) {
        for (String c : containers(prefix)) {
            for (String o : names(request("/" + enc(c) + "?format=json"))) {
                expect(send(request("/" + enc(c) + "/" + enc(o)).DELETE(), HttpResponse.BodyHandlers.discarding()),
                        204, 404);
            }
            expect(send(request("/" + enc(c)).DELETE(), HttpResponse.BodyHandlers.discarding()), 204, 404);
        }
    }
}
