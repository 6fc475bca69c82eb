package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.contract.FaultProxy;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens that really expire in the middle of transfers: against the second proxy of {@code start-swift.sh}, whose
 * TempAuth issues tokens living {@code IMAGECATALOG_SWIFT_SHORT_TOKEN_LIFE} seconds (3 by default; TempAuth's
 * memcached entry may vanish up to a second sooner). Uploads are fed slowly so that they last about three token
 * lifetimes. The store talks to Swift through a {@link FaultProxy} that records each request's answer, so the
 * tests can count the 401s Swift gave. Without the re-auth and retry on 401 the upload and the download test fail;
 * without the refresh ahead of expiry the default-margin test does.
 */
class SwiftShortTokenLifetimeTest {
    private static final String WHO = "started by scripts/test (scripts/servers/start-swift.sh, its short-token proxy)";
    private static final int SEGMENT = 1 << 20;
    private static final String UNAUTHORIZED = "-> HTTP/1.1 401";

    private String container;
    private long lifeSeconds;
    private FaultProxy proxy;
    private final List<SwiftImageStore> stores = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        URI auth = URI.create(TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_AUTH_URL", WHO));
        TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_USER", WHO);
        TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_KEY", WHO);
        lifeSeconds = Long.parseLong(TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_LIFE", WHO));
        container = SwiftTestSupport.uniqueContainer("token");
        proxy = new FaultProxy(auth.getHost(), auth.getPort()).oneRequestPerConnection(true);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (SwiftImageStore s : stores) {
            SwiftTestSupport.deleteContainers(s, container, container + "_segments");
            s.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Settings for the short-token user: 1 MiB segments, one in flight, Swift reached through the proxy. */
    private Map<String, String> settings() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("auth-url", TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_AUTH_URL", WHO));
        m.put("user", TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_USER", WHO));
        m.put("key", TestEnvironment.require("IMAGECATALOG_SWIFT_SHORT_TOKEN_KEY", WHO));
        SwiftAuth.Token t = tempAuth(m).authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        // the proxy really hands out short tokens (else every test below would pass without a token expiring)
        assertThat(t.expiresAt()).isNotNull().isBefore(Instant.now().plusSeconds(lifeSeconds + 1));
        m.put("storage-url", "http://127.0.0.1:" + proxy.port() + URI.create(t.storageUrl()).getRawPath());
        m.put("segment-size", "1MiB");
        m.put("large-object-threshold", "1MiB");
        m.put("segments-in-flight", "1");
        return m;
    }

    private static SwiftAuth.TempAuth tempAuth(Map<String, String> m) {
        return new SwiftAuth.TempAuth(URI.create(m.get("auth-url")), m.get("user"), m.get("key"));
    }

    private SwiftImageStore track(SwiftImageStore s) {
        stores.add(s);
        return s;
    }

    /**
     * A store whose tokens carry no expiry, as with an auth service that sends no {@code X-Auth-Token-Expires}: it
     * never refreshes ahead, so the only way it learns that a token died is Swift's 401. (With the expiry reported,
     * even a margin of 0 s refreshes ahead: TempAuth rounds the seconds left down, so the store expects the end
     * before it comes, and a 401 happens only when memcached drops the token a fraction of a second sooner still.)
     */
    private SwiftImageStore storeLearningExpiryFrom401() throws Exception {
        Map<String, String> m = settings();
        SwiftImageStore configured = SwiftTestSupport.create("short-token", m);
        configured.close();
        SwiftAuth real = tempAuth(m);
        SwiftAuth expiryNotReported = (http, timeout) -> {
            SwiftAuth.Token t = real.authenticate(http, timeout);
            return new SwiftAuth.Token(t.value(), t.storageUrl(), null);
        };
        return track(new SwiftImageStore("short-token", SwiftTestSupport.CATALOG, expiryNotReported, configured.config));
    }

    @Test
    void uploadOutlivingSeveralTokensRetriesEachRequestAnswered401() throws Exception {
        SwiftImageStore store = storeLearningExpiryFrom401();
        Uploaded up = slowUpload(store, 8 * SEGMENT + 12_345, Duration.ofSeconds(3 * lifeSeconds + 1));

        List<String> refused = proxy.log().stream().filter(l -> l.contains(UNAUTHORIZED)).toList();
        // every token but the first was fetched because a request was refused (a fresh token can be refused too
        // when the auth service hands back one about to expire, so there may be more 401s than new tokens), and
        // each refused request was retried (the round trip below)
        assertThat(store.client.authentications()).as("tokens fetched").isGreaterThanOrEqualTo(3);
        assertThat(refused).as("401s (%s)", proxy.log())
                .hasSizeGreaterThanOrEqualTo(store.client.authentications() - 1);
        assertThat(refused).as("a segment PUT refused mid-upload")
                .anyMatch(l -> l.startsWith("PUT /v1/") && l.matches(".*/\\d{8} " + UNAUTHORIZED + ".*"));
        assertRoundTripAndNoLeftovers(store, up, 9);
    }

    @Test
    void defaultMarginRefreshesAheadOfExpiryDuringALongUpload() throws Exception {
        // the default margin (60 s) exceeds the token life: a token is always "about to expire", so the store
        // fetches one (TempAuth hands back the same token while it lives) before every request
        SwiftImageStore store = track(SwiftTestSupport.create("short-token", settings()));
        Uploaded up = slowUpload(store, 8 * SEGMENT + 12_345, Duration.ofSeconds(3 * lifeSeconds + 1));

        long puts = proxy.log().stream().filter(l -> l.startsWith("PUT ") && !l.contains(UNAUTHORIZED)).count();
        assertThat(puts).isEqualTo(1 + 1 + 9 + 1); // two containers, nine segments, the manifest
        assertThat(store.client.authentications()).as("tokens fetched")
                .isGreaterThan(1).isGreaterThanOrEqualTo((int) puts);
        // refreshed ahead, so no request used a dead token (at most one may, when memcached drops a token in
        // the milliseconds between TempAuth's answer and the request)
        assertThat(proxy.log().stream().filter(l -> l.contains(UNAUTHORIZED))).as("401s").hasSizeLessThanOrEqualTo(1);
        assertRoundTripAndNoLeftovers(store, up, 9);
    }

    @Test
    void slowDownloadOutlivesItsTokenAndTheResumeAfterABreakReauthenticates() throws Exception {
        SwiftImageStore store = storeLearningExpiryFrom401();
        int size = 12 * SEGMENT + 777;
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        StoreLocation loc;
        try (ImageWriter w = store.openWriter(UUID.randomUUID().toString(), size)) {
            w.write(ByteBuffer.wrap(data));
            loc = w.commit();
        }
        int cut = 8 * SEGMENT;
        List<Instant> getsAt = new CopyOnWriteArrayList<>();
        AtomicBoolean cutDone = new AtomicBoolean();
        proxy.rule((m, t) -> {
            if (!m.equals("GET") || t.contains("?")) {
                return FaultProxy.Decision.PASS;
            }
            getsAt.add(Instant.now());
            return cutDone.compareAndSet(false, true) ? FaultProxy.Decision.endAfter(cut) : FaultProxy.Decision.PASS;
        });
        int logBefore = proxy.log().size();

        // 64 KiB at a time, slowly enough that the first connection ends (after `cut` bytes) only once the token
        // it was opened with is dead, and the whole read takes about two token lifetimes
        long pauseMillis = (lifeSeconds * 1000 + 1000) / (cut / 65_536);
        MessageDigest got = sha256();
        int authsAtOpen;
        try (InputStream in = store.openStream(loc, 0, -1)) {
            authsAtOpen = store.client.authentications();
            byte[] buf = new byte[65_536];
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                got.update(buf, 0, n);
                Thread.sleep(pauseMillis);
            }
        }
        assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(hex(sha256(), data));

        List<String> reads = proxy.log().subList(logBefore, proxy.log().size());
        if (reads.get(0).contains(UNAUTHORIZED)) {
            reads = reads.subList(1, reads.size()); // the upload's token had died before the GET: retried
            getsAt.remove(0);
        }
        assertThat(reads).as("GET ended early, resumed with the dead token (401), retried with a new one (206)")
                .hasSize(3);
        assertThat(reads.get(0)).contains("-> HTTP/1.1 200").contains("ended after " + cut);
        assertThat(reads.get(1)).contains(UNAUTHORIZED);
        assertThat(reads.get(2)).contains("-> HTTP/1.1 206");
        assertThat(Duration.between(getsAt.get(0), getsAt.get(1))).as("the first connection's life")
                .isGreaterThan(Duration.ofSeconds(lifeSeconds));
        assertThat(store.client.authentications()).isEqualTo(authsAtOpen + 1);
        assertThat(store.delete(loc)).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).isEmpty();
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer())).isEmpty();
    }

    private record Uploaded(StoreLocation location, String sha256, long size) {
    }

    /** Writes {@code size} pseudo-random bytes read from a stream that spreads them over {@code duration}. */
    private static Uploaded slowUpload(SwiftImageStore store, long size, Duration duration) throws Exception {
        SlowStream in = new SlowStream(size, duration, 7);
        StoreLocation loc;
        try (ImageWriter w = store.openWriter(UUID.randomUUID().toString(), -1)) {
            byte[] buf = new byte[65_536];
            for (int n; (n = in.read(buf)) > 0; ) {
                w.write(ByteBuffer.wrap(buf, 0, n));
            }
            loc = w.commit();
        }
        assertThat(Duration.between(in.started, Instant.now())).as("upload time").isGreaterThanOrEqualTo(duration);
        return new Uploaded(loc, HexFormat.of().formatHex(in.digest.digest()), size);
    }

    /**
     * Downloads the object and compares its digest, checks that the segments container holds exactly the
     * manifest's segments, then deletes the object and checks that both containers are empty.
     */
    private void assertRoundTripAndNoLeftovers(SwiftImageStore store, Uploaded up, int segments) throws Exception {
        MessageDigest md = sha256();
        long n = 0;
        try (InputStream in = store.openStream(up.location(), 0, -1)) {
            byte[] buf = new byte[65_536];
            for (int r; (r = in.read(buf)) > 0; n += r) {
                md.update(buf, 0, r);
            }
        }
        assertThat(n).isEqualTo(up.size());
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(up.sha256());

        String[] co = store.parse(up.location());
        HttpResponse<byte[]> r = store.client.send("GET", SwiftClient.objectPath(co[0], co[1])
                + "?multipart-manifest=get&format=raw", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> manifest = new ArrayList<>();
        String prefix = "/" + store.config.segmentsContainer() + "/";
        for (JsonNode s : SwiftClient.JSON.readTree(r.body())) {
            assertThat(s.path("path").asText()).startsWith(prefix);
            manifest.add(s.path("path").asText().substring(prefix.length()));
        }
        assertThat(manifest).hasSize(segments);
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer()))
                .as("segments container = the manifest's segments").containsExactlyInAnyOrderElementsOf(manifest);

        assertThat(store.delete(up.location())).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).isEmpty();
        assertThat(SwiftTestSupport.names(store, store.config.segmentsContainer())).isEmpty();
    }

    /** Pseudo-random bytes at a steady pace (at most 64 KiB per read), digested as they are handed out. */
    private static final class SlowStream extends InputStream {
        final MessageDigest digest = sha256();
        final Instant started = Instant.now();
        private final long size;
        private final double bytesPerNano;
        private final Random random;
        private long delivered;

        SlowStream(long size, Duration duration, long seed) {
            this.size = size;
            this.bytesPerNano = (double) size / duration.toNanos();
            this.random = new Random(seed);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (delivered >= size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 65_536), size - delivered);
            // hand out the bytes only once the pace allows their last byte
            long due = (long) ((delivered + n) / bytesPerNano);
            long wait = due - Duration.between(started, Instant.now()).toNanos();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            delivered += n;
            return n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest md, byte[] data) {
        return HexFormat.of().formatHex(md.digest(data));
    }
}
