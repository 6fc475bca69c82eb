package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.imagecatalog.contract.FaultProxy;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.http.HttpError;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Keystone authenticator against the real Keystone ({@code scripts/servers/start-keystone.sh}); a
 * {@link FaultProxy} in front of it counts and breaks the calls the server makes.
 */
class KeystoneAuthenticatorTest {
    private KeystoneTestSupport keystone;
    private FaultProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        keystone = KeystoneTestSupport.require();
        proxy = new FaultProxy(keystone.uri().getHost(), keystone.uri().getPort());
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private KeystoneAuthenticator authenticator(String url, long cacheSize, Duration ttl) {
        return Authenticators.keystone(keystone.config(url, cacheSize, ttl), Ticker.systemTicker(),
                Clock.systemUTC());
    }

    private KeystoneAuthenticator viaProxy() {
        return authenticator(keystone.via(proxy.endpoint()), 1000, Duration.ofMinutes(5));
    }

    private static RequestContext as(KeystoneAuthenticator auth, String... headerPairs) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.put(headerPairs[i], headerPairs[i + 1]);
        }
        return auth.authenticate(h::get);
    }

    private long validations() {
        return proxy.requests().stream().filter(r -> r.startsWith("GET /v3/auth/tokens")).count();
    }

    private long serviceLogins() {
        return proxy.requests().stream().filter(r -> r.startsWith("POST /v3/auth/tokens")).count();
    }

    private void assert401(KeystoneAuthenticator auth, String... headerPairs) {
        assertThatThrownBy(() -> as(auth, headerPairs)).isInstanceOfSatisfying(HttpError.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.headers()).containsEntry("WWW-Authenticate",
                    "Keystone uri=\"" + keystone.via(proxy.endpoint()) + "\"");
        });
    }

    @Test
    void aMemberTokenIsAMemberOfItsProject() throws Exception {
        RequestContext c = as(viaProxy(), "X-Auth-Token", keystone.demoToken());
        assertThat(c.projectId()).isEqualTo(keystone.demoProjectId());
        assertThat(c.userId()).isEqualTo(keystone.demoUserId());
        assertThat(c.roles()).contains("member", "reader");
        assertThat(c.isAdmin()).isFalse();
    }

    @Test
    void anAdminTokenIsAnAdministrator() throws Exception {
        RequestContext c = as(viaProxy(), "X-Auth-Token", keystone.adminToken());
        assertThat(c.isAdmin()).isTrue();
        assertThat(c.projectId()).isNotNull().isNotEqualTo(keystone.demoProjectId());
    }

    @Test
    void noTokenOrAMalformedOneIs401WithoutAskingKeystone() {
        KeystoneAuthenticator auth = viaProxy();
        assert401(auth);
        assert401(auth, "X-Auth-Token", "");
        assert401(auth, "X-Auth-Token", "two words");
        assert401(auth, "X-Auth-Token", "t\u00f6ken");
        assert401(auth, "X-Auth-Token", "x".repeat(8193));
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void aGarbageTokenIs401AndItsRefusalIsCached() {
        KeystoneAuthenticator auth = viaProxy();
        assert401(auth, "X-Auth-Token", "gAAAAABgarbage");
        assert401(auth, "X-Auth-Token", "gAAAAABgarbage");
        assertThat(validations()).isEqualTo(1);
    }

    @Test
    void aRevokedTokenIs401() throws Exception {
        String token = keystone.demoToken();
        keystone.revoke(token);
        assert401(viaProxy(), "X-Auth-Token", token);
    }

    @Test
    void aValidatedTokenIsServedFromTheCache() throws Exception {
        KeystoneAuthenticator auth = viaProxy();
        String token = keystone.demoToken();
        for (int i = 0; i < 10; i++) {
            assertThat(as(auth, "X-Auth-Token", token).projectId()).isEqualTo(keystone.demoProjectId());
        }
        assertThat(validations()).isEqualTo(1);
        assertThat(serviceLogins()).as("one service token for all validations").isEqualTo(1);
        as(auth, "X-Auth-Token", keystone.demoToken());
        assertThat(validations()).as("another token is validated").isEqualTo(2);
        assertThat(serviceLogins()).isEqualTo(1);
    }

    @Test
    void concurrentCallersShareOneServiceTokenAndTheCache() throws Exception {
        KeystoneAuthenticator auth = viaProxy();
        String demo = keystone.demoToken();
        String admin = keystone.adminToken();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean asAdmin = i % 2 == 0;
                results.add(pool.submit(() -> as(auth, "X-Auth-Token", asAdmin ? admin : demo).isAdmin() == asAdmin));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(serviceLogins()).isEqualTo(1);
        assertThat(validations()).as("at most one validation per token and thread").isBetween(2L, 16L);
    }

    /**
     * As with keystonemiddleware (whose cached tokens are not checked for revocation): a revoked token keeps working
     * until its cache entry expires, then it is refused.
     */
    @Test
    void aRevokedTokenWorksOnlyUntilItsCacheEntryExpires() throws Exception {
        KeystoneAuthenticator auth = authenticator(keystone.via(proxy.endpoint()), 100, Duration.ofSeconds(2));
        String token = keystone.demoToken();
        as(auth, "X-Auth-Token", token);
        long cachedBy = System.nanoTime();
        keystone.revoke(token);
        if (System.nanoTime() - cachedBy < Duration.ofMillis(1500).toNanos()) {
            assertThat(as(auth, "X-Auth-Token", token).projectId()).isEqualTo(keystone.demoProjectId());
            assertThat(validations()).isEqualTo(1);
        }
        Thread.sleep(Math.max(0, 2200 - (System.nanoTime() - cachedBy) / 1_000_000));
        assert401(auth, "X-Auth-Token", token);
        assertThat(validations()).isEqualTo(2);
    }

    @Test
    void aServiceTokenKeystoneRefusesIsRenewedOnce() throws Exception {
        KeystoneClient client = new KeystoneClient(keystone.config(keystone.via(proxy.endpoint()), 0, Duration.ZERO),
                new ObjectMapper(), Clock.systemUTC());
        String first = client.serviceToken();
        keystone.revoke(first);
        String demo = keystone.demoToken();
        assertThat(client.validate(demo)).get().extracting(KeystoneToken::projectId)
                .isEqualTo(keystone.demoProjectId());
        assertThat(serviceLogins()).isEqualTo(2);
        assertThat(client.serviceToken()).isNotEqualTo(first);
        assertThat(proxy.log()).anyMatch(l -> l.startsWith("GET /v3/auth/tokens") && l.contains(" 401"));
    }

    @Test
    void aTokenPastItsExpiryIs401EvenWhileCached() throws Exception {
        KeystoneTokenCacheTest.TestTime time = new KeystoneTokenCacheTest.TestTime(Instant.now());
        KeystoneAuthenticator auth = Authenticators.keystone(keystone.config(keystone.via(proxy.endpoint()), 100,
                Duration.ofDays(1)), time, time);
        String demo = keystone.demoToken();
        as(auth, "X-Auth-Token", demo);
        time.advance(Duration.ofHours(2)); // the fixture's tokens live 1 h
        assert401(auth, "X-Auth-Token", demo);
    }

    @Test
    void theServiceTokenIsRenewedBeforeItExpires() throws Exception {
        KeystoneTokenCacheTest.TestTime time = new KeystoneTokenCacheTest.TestTime(Instant.now());
        KeystoneClient client = new KeystoneClient(keystone.config(keystone.via(proxy.endpoint()), 0, Duration.ZERO),
                new ObjectMapper(), time);
        String first = client.serviceToken();
        time.advance(Duration.ofMinutes(50));
        assertThat(client.serviceToken()).isEqualTo(first);
        assertThat(serviceLogins()).isEqualTo(1);
        time.advance(Duration.ofMinutes(9)); // less than 2 minutes left of the hour
        assertThat(client.serviceToken()).isNotEqualTo(first);
        assertThat(serviceLogins()).isEqualTo(2);
    }

    @Test
    void anXServiceTokenMustBeValidToo() throws Exception {
        KeystoneAuthenticator auth = viaProxy();
        String demo = keystone.demoToken();
        assertThat(as(auth, "X-Auth-Token", demo, "X-Service-Token", keystone.adminToken()).projectId())
                .as("the caller is the X-Auth-Token's user").isEqualTo(keystone.demoProjectId());
        assert401(auth, "X-Auth-Token", demo, "X-Service-Token", "gAAAAABgarbage");
    }

    @Test
    void keystoneUnreachableIs503NeverAPass() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        KeystoneAuthenticator auth = authenticator("http://127.0.0.1:" + closedPort + "/v3", 100,
                Duration.ofMinutes(5));
        String demo = keystone.demoToken();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> as(auth, "X-Auth-Token", demo))
                    .isInstanceOfSatisfying(BackendUnavailableException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(503));
        }
    }

    @Test
    void keystoneFailingAValidationIs503AndNothingIsCached() throws Exception {
        KeystoneAuthenticator auth = viaProxy();
        String demo = keystone.demoToken();
        proxy.failNext(1, r -> r.startsWith("GET /v3/auth/tokens"));
        assertThatThrownBy(() -> as(auth, "X-Auth-Token", demo)).isInstanceOf(BackendUnavailableException.class);
        assertThat(as(auth, "X-Auth-Token", demo).projectId()).isEqualTo(keystone.demoProjectId());
    }

    @Test
    void wrongServiceCredentialsAre503() throws Exception {
        KeystoneConfig good = keystone.config(keystone.via(proxy.endpoint()), 100, Duration.ofMinutes(5));
        KeystoneConfig bad = new KeystoneConfig(good.identityUrl(), good.wwwAuthenticateUri(), good.username(),
                "wrong-password", good.project(), good.userDomain(), good.projectDomain(), 100,
                Duration.ofMinutes(5), Duration.ofSeconds(5));
        KeystoneAuthenticator auth = Authenticators.keystone(bad, Ticker.systemTicker(), Clock.systemUTC());
        String demo = keystone.demoToken();
        assertThatThrownBy(() -> as(auth, "X-Auth-Token", demo)).isInstanceOf(BackendUnavailableException.class)
                .hasMessage(KeystoneClient.UNAVAILABLE);
        assertThat(bad.toString()).doesNotContain("wrong-password");
    }

    @Test
    void aServiceUserWithoutTheRightToValidateIs503() throws Exception {
        KeystoneConfig good = keystone.config(keystone.via(proxy.endpoint()), 100, Duration.ofMinutes(5));
        var demo = keystone.fixtures.path("demo");
        KeystoneConfig member = new KeystoneConfig(good.identityUrl(), good.wwwAuthenticateUri(),
                demo.path("username").asText(), demo.path("password").asText(), demo.path("project").asText(),
                "Default", "Default", 100, Duration.ofMinutes(5), Duration.ofSeconds(5));
        KeystoneAuthenticator auth = Authenticators.keystone(member, Ticker.systemTicker(), Clock.systemUTC());
        String admin = keystone.adminToken();
        assertThatThrownBy(() -> as(auth, "X-Auth-Token", admin)).isInstanceOf(BackendUnavailableException.class);
    }

}
