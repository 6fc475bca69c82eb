package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.http.HttpError;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Glance's no-auth headers becoming the caller. */
class NoAuthAuthenticatorTest {
    private final NoAuthAuthenticator noauth = new NoAuthAuthenticator();

    private RequestContext as(Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return noauth.authenticate(byName::get);
    }

    @Test
    void noHeadersIsAnAdministratorOfNoProject() {
        RequestContext c = as(Map.of());
        assertThat(c.isAdmin()).isTrue();
        assertThat(c.projectId()).isNull();
        assertThat(c.userId()).isNull();
    }

    @Test
    void blankHeadersAreAbsent() {
        RequestContext c = as(Map.of("X-Project-Id", " ", "X-Roles", ""));
        assertThat(c.isAdmin()).isTrue();
        assertThat(c.projectId()).isNull();
    }

    @Test
    void projectUserAndRolesComeFromTheHeaders() {
        RequestContext c = as(Map.of("X-Project-Id", "p1", "X-User-Id", "u1", "X-Roles", "member,reader"));
        assertThat(c.projectId()).isEqualTo("p1");
        assertThat(c.userId()).isEqualTo("u1");
        assertThat(c.roles()).containsExactlyInAnyOrder("member", "reader");
        assertThat(c.isAdmin()).isFalse();
    }

    @Test
    void xProjectIdWinsOverXTenantIdWhichIsTheFallback() {
        assertThat(as(Map.of("X-Project-Id", "p1", "X-Tenant-Id", "t1", "X-Roles", "member")).projectId())
                .isEqualTo("p1");
        assertThat(as(Map.of("X-Tenant-Id", "t1", "X-Roles", "member")).projectId()).isEqualTo("t1");
        assertThat(as(Map.of("X-Tenant", "t2", "X-Roles", "member")).projectId()).isEqualTo("t2");
        assertThat(as(Map.of("X-Project-Id", "  ", "X-Tenant-Id", "t1", "X-Roles", "member")).projectId())
                .as("a blank X-Project-Id is absent").isEqualTo("t1");
    }

    @Test
    void xUserIdWinsOverXUser() {
        assertThat(as(Map.of("X-Project-Id", "p", "X-User-Id", "u1", "X-User", "u2")).userId()).isEqualTo("u1");
        assertThat(as(Map.of("X-Project-Id", "p", "X-User", "u2")).userId()).isEqualTo("u2");
    }

    @Test
    void rolesAreCommaSeparatedTrimmedWithoutBlanks() {
        RequestContext c = as(Map.of("X-Project-Id", "p", "X-Roles", " member , ,reader,, Admin "));
        assertThat(c.roles()).containsExactlyInAnyOrder("member", "reader", "Admin");
        assertThat(c.isAdmin()).as("role names compare case-insensitively").isTrue();
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        RequestContext c = as(Map.of("x-project-id".toUpperCase(Locale.ROOT), "p", "x-roles", "reader"));
        assertThat(c.projectId()).isEqualTo("p");
        assertThat(c.roles()).containsExactly("reader");
    }

    @Test
    void aProjectWithoutRolesHasNoRoles() {
        RequestContext c = as(Map.of("X-Project-Id", "p"));
        assertThat(c.roles()).isEmpty();
        assertThat(c.isAdmin()).isFalse();
    }

    @Test
    void nonAdminRolesWithoutAProjectAre401() {
        assertThatThrownBy(() -> as(Map.of("X-Roles", "member")))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> as(Map.of("X-Roles", "member", "X-User-Id", "u")))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void theAdminRoleWithoutAProjectIsAnAdministratorOfNoProject() {
        RequestContext c = as(Map.of("X-Roles", "admin", "X-User-Id", "u"));
        assertThat(c.isAdmin()).isTrue();
        assertThat(c.projectId()).isNull();
        assertThat(c.userId()).isEqualTo("u");
    }
}
