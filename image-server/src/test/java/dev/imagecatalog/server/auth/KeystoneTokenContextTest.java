package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.http.HttpError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keystone's token answer read into a caller, without a Keystone: scopes, roles, expiry, bad answers. */
class KeystoneTokenContextTest {
    private final KeystoneTokenCacheTest.TestTime time = new KeystoneTokenCacheTest.TestTime();

    private RequestContext as(KeystoneToken token) {
        KeystoneAuthenticator auth = new KeystoneAuthenticator(t -> Optional.of(token),
                new TokenCache(10, Duration.ofMinutes(5), time, time), "http://keystone:5000");
        return auth.authenticate(Map.of("X-Auth-Token", "tok")::get);
    }

    @Test
    void aProjectScopedTokenAnswerBecomesTheCaller() throws Exception {
        KeystoneToken t = KeystoneToken.fromJson(KeystoneTestSupport.JSON.readTree("""
                {"token": {"methods": ["password"], "user": {"domain": {"id": "default"}, "id": "u1", "name": "demo"},
                 "expires_at": "2026-01-01T01:00:00.000000Z", "issued_at": "2026-01-01T00:00:00.000000Z",
                 "project": {"domain": {"id": "default"}, "id": "p1", "name": "demo"}, "is_domain": false,
                 "roles": [{"id": "r1", "name": "member"}, {"id": "r2", "name": "reader"}]}}"""));
        assertThat(t).isEqualTo(new KeystoneToken("u1", "p1", Set.of("member", "reader"),
                Instant.parse("2026-01-01T01:00:00Z")));
        RequestContext c = as(t);
        assertThat(c).isEqualTo(new RequestContext("p1", "u1", Set.of("member", "reader")));
        assertThat(c.isAdmin()).isFalse();
    }

    @Test
    void anAdminRoleInAnyCaseIsAnAdministrator() {
        assertThat(as(new KeystoneToken("u", "p", Set.of("Admin"), Instant.parse("2026-01-01T01:00:00Z")))
                .isAdmin()).isTrue();
    }

    @Test
    void aTokenWithoutAProjectIsAnAdministratorOfNoProjectOnlyWithTheAdminRole() {
        Instant later = Instant.parse("2026-01-01T01:00:00Z");
        RequestContext admin = as(new KeystoneToken("u", null, Set.of("admin"), later));
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.projectId()).isNull();
        assertThatThrownBy(() -> as(new KeystoneToken("u", null, Set.of("member"), later)))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.headers()).containsEntry("WWW-Authenticate", "Keystone uri=\"http://keystone:5000\"");
                });
    }

    @Test
    void anAnswerWithoutExpiryIsNotAToken() {
        assertThatThrownBy(() -> KeystoneToken.fromJson(KeystoneTestSupport.JSON.readTree("{\"token\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeystoneToken.fromJson(KeystoneTestSupport.JSON.readTree(
                "{\"token\":{\"expires_at\":\"tomorrow\"}}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
