package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultProxy;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failure paths against the real Swift, through a loopback proxy the test controls: segment and manifest PUTs
 * failing, a lost manifest response, downloads cut half-way, a token revoked in the middle of an upload. After
 * each, the containers hold only what the test kept.
 */
class SwiftFailureInjectionTest {
    private static final int SEGMENT = 256 * 1024;

    private String container;
    private FaultProxy proxy;
    private SwiftImageStore store;

    @BeforeEach
    void setUp() throws Exception {
        container = SwiftTestSupport.uniqueContainer("fault");
        URI auth = URI.create(SwiftTestSupport.authUrl());
        proxy = new FaultProxy(auth.getHost(), auth.getPort()).oneRequestPerConnection(true);
        store = storeThroughProxy(SwiftTestSupport.tempAuthSettings(container));
    }

    private SwiftImageStore storeThroughProxy(Map<String, String> m) throws Exception {
        // the storage URL Swift hands out, with the proxy's port instead of Swift's
        SwiftAuth.Token t = new SwiftAuth.TempAuth(URI.create(m.get("auth-url")), m.get("user"), m.get("key"))
                .authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        URI storage = URI.create(t.storageUrl());
        m.put("storage-url", "http://127.0.0.1:" + proxy.port() + storage.getRawPath());
        m.put("segment-size", SEGMENT + "B");
        m.put("large-object-threshold", SEGMENT + "B");
        m.put("segments-in-flight", "2");
        m.put("download-retries", "2");
        return SwiftTestSupport.create("fault", m);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store == null) {
            return; // skipped: no Swift configured
        }
        proxy.rule((m, t) -> FaultProxy.Decision.PASS);
        SwiftTestSupport.deleteContainers(store, container, container + "_segments");
        store.close();
        proxy.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private StoreLocation write(SwiftImageStore s, String id, byte[] data) throws IOException {
        try (ImageWriter w = s.openWriter(id, -1)) {
            for (int pos = 0; pos < data.length; pos += 50_000) {
                w.write(ByteBuffer.wrap(data, pos, Math.min(50_000, data.length - pos)));
            }
            return w.commit();
        }
    }

    private void assertContainersHoldOnly(List<String> kept) throws IOException {
        assertThat(SwiftTestSupport.names(store, container)).containsExactlyInAnyOrderElementsOf(kept);
        SwiftTestSupport.assertNoStraySegments(store);
    }

    @Test
    void failingSegmentPutDeletesTheSegmentsAlreadyWritten() throws Exception {
        proxy.rule((m, t) -> m.equals("PUT") && t.endsWith("/00000004") ? FaultProxy.Decision.FAIL
                : FaultProxy.Decision.PASS);
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> write(store, id, bytes(6 * SEGMENT + 10, 1)))
                .isInstanceOfAny(IOException.class, RuntimeException.class);
        assertThat(proxy.log()).anyMatch(l -> l.contains("/00000004 -> 503"));
        assertThat(proxy.log()).anyMatch(l -> l.contains("/00000001 -> HTTP/1.1 201"));
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer())).isEmpty();
        assertContainersHoldOnly(List.of());
    }

    @Test
    void failingManifestPutDeletesAllSegments() throws Exception {
        proxy.rule((m, t) -> t.contains("multipart-manifest=put") ? FaultProxy.Decision.FAIL : FaultProxy.Decision.PASS);
        StoreLocation kept = write(store, UUID.randomUUID().toString(), bytes(1000, 2));
        assertThatThrownBy(() -> write(store, UUID.randomUUID().toString(), bytes(3 * SEGMENT + 5, 3)))
                .isInstanceOfAny(IOException.class, RuntimeException.class);
        assertThat(proxy.log()).anyMatch(l -> l.contains("multipart-manifest=put -> 503"));
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer())).isEmpty();
        assertContainersHoldOnly(List.of(store.parse(kept)[1]));
    }

    @Test
    void lostManifestResponseRemovesManifestAndSegments() throws Exception {
        // Swift stores the manifest but the answer never arrives: the writer cannot know, so it removes both
        proxy.rule((m, t) -> t.contains("multipart-manifest=put") ? FaultProxy.Decision.DROP : FaultProxy.Decision.PASS);
        assertThatThrownBy(() -> write(store, UUID.randomUUID().toString(), bytes(2 * SEGMENT + 5, 4)))
                .isInstanceOf(IOException.class);
        assertThat(proxy.log()).anyMatch(l -> l.contains("multipart-manifest=put -> HTTP/1.1 201") && l.contains("dropped"));
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer())).isEmpty();
        assertContainersHoldOnly(List.of());
    }

    @Test
    void failingSinglePutLeavesNothing() throws Exception {
        proxy.rule((m, t) -> m.equals("PUT") && !t.endsWith(container) ? FaultProxy.Decision.FAIL : FaultProxy.Decision.PASS);
        assertThatThrownBy(() -> write(store, UUID.randomUUID().toString(), bytes(1000, 5)))
                .isInstanceOfAny(IOException.class, RuntimeException.class);
        proxy.rule((m, t) -> FaultProxy.Decision.PASS);
        assertContainersHoldOnly(List.of());
    }

    @Test
    void downloadCutHalfWayResumesWithARangeRequest() throws Exception {
        byte[] data = bytes(3 * SEGMENT + 77, 6);
        StoreLocation loc = write(store, UUID.randomUUID().toString(), data);
        AtomicBoolean cut = new AtomicBoolean();
        proxy.rule((m, t) -> m.equals("GET") && !t.contains("?") && cut.compareAndSet(false, true)
                ? FaultProxy.Decision.cutAfter(300_000) : FaultProxy.Decision.PASS);
        byte[] got;
        try (InputStream in = store.openStream(loc, 0, -1)) {
            got = in.readAllBytes();
        }
        assertThat(sha256(got)).isEqualTo(sha256(data));
        assertThat(proxy.log()).anyMatch(l -> l.contains("cut after 300000"));
        // and a cut ranged read resumes inside its range
        cut.set(false);
        try (InputStream in = store.openStream(loc, 1000, 500_000)) {
            got = in.readAllBytes();
        }
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 501_000));
        assertContainersHoldOnly(List.of(store.parse(loc)[1]));
    }

    @Test
    void downloadCutEveryTimeFailsAfterTheRetries() throws Exception {
        byte[] data = bytes(2 * SEGMENT, 7);
        StoreLocation loc = write(store, UUID.randomUUID().toString(), data);
        proxy.rule((m, t) -> m.equals("GET") && !t.contains("?") ? FaultProxy.Decision.cutAfter(10_000)
                : FaultProxy.Decision.PASS);
        assertThatThrownBy(() -> {
            try (InputStream in = store.openStream(loc, 0, -1)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("broke at byte");
        // 1 + 2 retries
        assertThat(proxy.log().stream().filter(l -> l.contains("cut after"))).hasSize(3);
        proxy.rule((m, t) -> FaultProxy.Decision.PASS);
        assertContainersHoldOnly(List.of(store.parse(loc)[1]));
    }

    /** Puts segments of an upload that died before its manifest (a crash: no abort ran); returns their prefix. */
    private String deadUpload(String imageId, int segments) throws IOException {
        store.ensureContainer(store.config.segmentsContainer());
        String prefix = SwiftTestSupport.CATALOG + "/" + imageId + "/" + container + "/1-deadbeef/";
        for (int i = 1; i <= segments; i++) {
            HttpResponse<byte[]> r = store.client.send("PUT", SwiftClient.objectPath(store.config.segmentsContainer(),
                    prefix + "0000000" + i), Map.of(), () -> HttpRequest.BodyPublishers.ofByteArray(new byte[100]),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(201);
        }
        return prefix;
    }

    @Test
    void segmentsOfAnUploadThatNeverGotAManifestAreOneLeftoverThatOnlyRemoveDeletes() throws Exception {
        byte[] data = bytes(2 * SEGMENT + 1, 8);
        String committedId = UUID.randomUUID().toString();
        StoreLocation committed = write(store, committedId, data);
        String deadId = UUID.randomUUID().toString();
        String seg = store.config.segmentsContainer();
        String orphanPrefix = deadUpload(deadId, 2);
        assertThat(SwiftTestSupport.names(store, seg)).filteredOn(n -> n.startsWith(orphanPrefix)).hasSize(2);

        List<StoredObject> owned = new java.util.ArrayList<>();
        store.forEachOwned(owned::add);
        assertThat(owned).extracting(StoredObject::imageId, StoredObject::committed)
                .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple(committedId, true),
                        org.assertj.core.api.Assertions.tuple(deadId, false));
        StoredObject leftover = owned.stream().filter(o -> !o.committed()).findFirst().orElseThrow();
        assertThat(leftover.location().key()).isEqualTo(seg + "/" + orphanPrefix.substring(0, orphanPrefix.length() - 1));
        assertThat(store.remove(leftover)).isTrue();
        assertThat(store.remove(leftover)).isFalse();
        assertThat(SwiftTestSupport.names(store, seg)).noneMatch(n -> n.startsWith(orphanPrefix));
        try (InputStream in = store.openStream(committed, 0, -1)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
        assertContainersHoldOnly(List.of(store.parse(committed)[1]));
    }

    @Test
    void openingAStoreRemovesNothing() throws Exception {
        String orphanPrefix = deadUpload(UUID.randomUUID().toString(), 1);
        SwiftImageStore restarted = SwiftTestSupport.create("fault", SwiftTestSupport.tempAuthSettings(container));
        try {
            Thread.sleep(1500);
            assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer()))
                    .containsExactly(orphanPrefix + "00000001");
        } finally {
            restarted.close();
        }
    }

    @Test
    void aLeftoverIsNotRemovedOnceAManifestReferencesItsSegments() throws Exception {
        String imageId = UUID.randomUUID().toString();
        String prefix = deadUpload(imageId, 2);
        List<StoredObject> owned = new java.util.ArrayList<>();
        store.forEachOwned(owned::add);
        StoredObject leftover = owned.stream().filter(o -> !o.committed()).findFirst().orElseThrow();
        // the writer commits between the listing and the removal: its manifest now names the segments
        String seg = store.config.segmentsContainer();
        com.fasterxml.jackson.databind.node.ArrayNode manifest = SwiftClient.JSON.createArrayNode();
        for (int i = 1; i <= 2; i++) {
            manifest.addObject().put("path", "/" + seg + "/" + prefix + "0000000" + i);
        }
        byte[] body = SwiftClient.JSON.writeValueAsBytes(manifest);
        store.ensureContainer(container);
        HttpResponse<byte[]> r = store.client.send("PUT", SwiftClient.objectPath(container,
                SwiftTestSupport.CATALOG + "/" + imageId) + "?multipart-manifest=put", Map.of(),
                () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(store.remove(leftover)).as("the segments are an image's now").isFalse();
        StoreLocation image = store.location(container, SwiftTestSupport.CATALOG + "/" + imageId);
        assertThat(store.size(image)).isEqualTo(200);
        List<StoredObject> after = new java.util.ArrayList<>();
        store.forEachOwned(after::add);
        assertThat(after).extracting(StoredObject::location).containsExactly(image);
        assertThat(store.delete(image)).isTrue();
        assertContainersHoldOnly(List.of());
    }

    @Test
    void tokenRevokedMidUploadIsReplacedAndTheSegmentRetried() throws Exception {
        // a user of its own, so revoking its token disturbs no one else
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("user", TestEnvironment.optional("IMAGECATALOG_SWIFT_USER2").orElse("test2:tester2"));
        m.put("key", TestEnvironment.optional("IMAGECATALOG_SWIFT_KEY2").orElse("testing2"));
        SwiftImageStore other = storeThroughProxy(m);
        try {
            String token = other.client.token().value();
            AtomicInteger revoked = new AtomicInteger();
            proxy.rule((method, t) -> {
                if (method.equals("PUT") && t.endsWith("/00000003") && revoked.getAndIncrement() == 0) {
                    revokeTempAuthToken(token);
                }
                return FaultProxy.Decision.PASS;
            });
            byte[] data = bytes(5 * SEGMENT + 3, 9);
            StoreLocation loc = write(other, UUID.randomUUID().toString(), data);
            assertThat(proxy.log()).anyMatch(l -> l.endsWith("-> HTTP/1.1 401 Unauthorized"));
            assertThat(other.client.authentications()).isEqualTo(2);
            assertThat(other.client.token().value()).isNotEqualTo(token);
            try (InputStream in = other.openStream(loc, 0, -1)) {
                assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
            }
            assertThat(other.delete(loc)).isTrue();
            SwiftTestSupport.assertNoStraySegments(other);
        } finally {
            SwiftTestSupport.deleteContainers(other, container, container + "_segments");
            other.close();
        }
    }

    @Test
    void tokenIsRefreshedBeforeItExpires() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        // TempAuth tokens here live 24 h; a margin longer than that makes every token "about to expire"
        m.put("token-refresh-margin", "2d");
        SwiftImageStore eager = SwiftTestSupport.create("fault", m);
        StoreLocation loc = write(eager, UUID.randomUUID().toString(), bytes(10, 10));
        eager.size(loc);
        eager.exists(loc);
        assertThat(eager.client.authentications()).isGreaterThanOrEqualTo(3);
        eager.close();
        SwiftImageStore normal = SwiftTestSupport.create("fault", SwiftTestSupport.tempAuthSettings(container));
        normal.size(loc);
        normal.exists(loc);
        assertThat(normal.client.authentications()).isEqualTo(1);
        normal.close();
    }

    @Test
    void preIssuedTokenWorksAndABadOneIsRefused() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        SwiftAuth.Token t = new SwiftAuth.TempAuth(URI.create(m.get("auth-url")), m.get("user"), m.get("key"))
                .authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        Map<String, String> tok = Map.of("auth", "token", "token", t.value(), "storage-url", t.storageUrl(),
                "container", container, "create-containers", "true");
        SwiftImageStore pre = SwiftTestSupport.create("pre", tok);
        StoreLocation loc = write(pre, UUID.randomUUID().toString(), bytes(100, 11));
        assertThat(pre.size(loc)).isEqualTo(100);
        pre.close();
        SwiftImageStore bad = SwiftTestSupport.create("pre", Map.of("auth", "token", "token", "AUTH_tk-bogus",
                "storage-url", t.storageUrl(), "container", container));
        assertThatThrownBy(() -> bad.size(loc)).isInstanceOf(ForbiddenException.class);
        bad.close();
    }

    /** TempAuth keeps tokens in memcached under md5("AUTH_/token/<token>"); deleting the entry revokes it. */
    static void revokeTempAuthToken(String token) throws Exception {
        String hostPort = TestEnvironment.optional("IMAGECATALOG_SWIFT_MEMCACHED").orElse("127.0.0.1:11211");
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(("AUTH_/token/" + token).getBytes(StandardCharsets.UTF_8)));
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)))) {
            OutputStream out = s.getOutputStream();
            out.write(("delete " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readNBytes(9), StandardCharsets.US_ASCII);
            assertThat(answer).as("memcached delete of the token").startsWith("DELETED");
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
