package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreContext;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Settings for the real Swift the tests use, and helpers that look at what the store left in it. */
final class SwiftTestSupport {
    private SwiftTestSupport() {
    }

    static final String WHO = "started by scripts/test (scripts/servers/start-swift.sh)";

    static String authUrl() {
        return TestEnvironment.require("IMAGECATALOG_SWIFT_AUTH_URL", WHO);
    }

    /** TempAuth settings for the dev Swift, a fresh container name, containers created on first use. */
    static Map<String, String> tempAuthSettings(String container) {
        Map<String, String> m = new HashMap<>();
        m.put("auth", "tempauth");
        m.put("auth-url", authUrl());
        m.put("user", TestEnvironment.require("IMAGECATALOG_SWIFT_USER", WHO));
        m.put("key", TestEnvironment.require("IMAGECATALOG_SWIFT_KEY", WHO));
        m.put("container", container);
        m.put("create-containers", "true");
        return m;
    }

    static String uniqueContainer(String what) {
        return "ictest-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The catalog id of the stores tests build without naming one. */
    static final String CATALOG = "ictest";

    static SwiftImageStore create(String id, Map<String, String> settings) {
        return create(id, CATALOG, settings);
    }

    static SwiftImageStore create(String id, String catalogId, Map<String, String> settings) {
        ImageStore s = new SwiftImageStoreProvider().create(new StoreContext(id, catalogId, Settings.of(settings)));
        return (SwiftImageStore) s;
    }

    static List<String> names(SwiftImageStore store, String container) throws IOException {
        List<String> out = new ArrayList<>();
        store.client.listObjects(container, null, o -> out.add(o.path("name").asText()));
        return out;
    }

    /** Every segment in the segments container belongs to a committed SLO of the store's image containers. */
    static void assertNoStraySegments(SwiftImageStore store) throws IOException {
        Set<String> referenced = new HashSet<>();
        String seg = store.config.segmentsContainer();
        for (String c : store.imageContainers()) {
            for (String name : names(store, c)) {
                HttpResponse<byte[]> r = store.client.send("GET", SwiftClient.objectPath(c, name)
                        + "?multipart-manifest=get&format=raw", Map.of());
                if (r.headers().firstValue("X-Static-Large-Object").map("true"::equalsIgnoreCase).orElse(false)) {
                    for (JsonNode s : SwiftClient.JSON.readTree(r.body())) {
                        String path = s.path("path").asText();
                        assertThat(path).startsWith("/" + seg + "/");
                        referenced.add(path.substring(seg.length() + 2));
                    }
                }
            }
        }
        assertThat(names(store, seg)).as("segments not referenced by any committed manifest")
                .allMatch(referenced::contains);
    }

    /** Deletes the containers (and everything in them) the test used. */
    static void deleteContainers(SwiftImageStore store, String... containers) throws IOException {
        for (String c : containers) {
            for (String name : names(store, c)) {
                store.deleteQuietly(c, name);
            }
            store.client.send("DELETE", "/" + SwiftClient.enc(c), Map.of());
        }
    }
}
