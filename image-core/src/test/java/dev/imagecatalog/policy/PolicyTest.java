package dev.imagecatalog.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
    private static final RequestContext OWNER = RequestContext.member("p1", "u1");
    private static final RequestContext READER = RequestContext.reader("p1", "u2");
    private static final RequestContext OTHER = RequestContext.member("p2", "u3");
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");

    private static Map<String, String> image(String owner, String visibility, String memberId) {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", owner);
        t.put("owner", owner);
        t.put("visibility", visibility);
        t.put("member_id", memberId);
        return t;
    }

    private static boolean eval(String expr, RequestContext ctx, Map<String, String> target) {
        return Policy.withOverrides(Map.of("x", expr)).allows("x", ctx, target);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "true | true", "false | false", "@ | true", "! | false", "'' | true",
        "role:member | true", "role:MEMBER | true", "role:admin | false", "not role:admin | true",
        "role:admin or role:reader | true", "role:admin and role:reader | false",
        "owner | true", "project_id:%(project_id)s | true", "project_id:%(member_id)s | false",
        "'shared':%(visibility)s | true", "'public':%(visibility)s | false",
        "user_id:u1 | true", "is_admin:False | true", "is_admin:True | false",
        "not (role:admin or owner) | false", "not role:admin and owner | true",
        "role:admin or role:member and 'private':%(visibility)s | false",
        "(role:admin or role:member) and not 'private':%(visibility)s | true",
        "rule:default | true", "rule:context_is_admin | false", "project_id:%(nothing)s | false",
    })
    void evaluatesTheRuleLanguage(String expr, boolean expected) {
        assertThat(eval(expr, OWNER, image("p1", "shared", null))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "role:admin or | ends where a check was expected",
        "(role:admin | missing ')'",
        "role:admin) | unexpected ')'",
        "and role:admin | unexpected 'and'",
        "bogus | is not a check",
        "colour:red | unknown check kind 'colour'",
        "'open:%(visibility)s | unclosed quote",
        "project_id:%(project_id | unclosed %(",
        "role:admin role:member | unexpected 'role:member'",
    })
    void aRuleThatDoesNotParseFailsNamingIt(String expr, String message) {
        assertThatThrownBy(() -> Policy.withOverrides(Map.of("upload_image", expr)))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'upload_image'").hasMessageContaining(message);
    }

    @Test
    void undefinedAndCircularReferencesFailNamingTheRule() {
        assertThatThrownBy(() -> Policy.withOverrides(Map.of("delete_image", "rule:nope")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("'delete_image'")
                .hasMessageContaining("rule:nope");
        assertThatThrownBy(() -> Policy.withOverrides(Map.of("a", "rule:b", "b", "role:x or rule:a")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("refers to itself");
    }

    @Test
    void glanceDefaults() {
        Policy p = Policy.defaults();
        Map<String, String> own = image("p1", "shared", null);
        Map<String, String> others = image("p9", "shared", null);
        assertThat(p.allows(Policy.MODIFY_IMAGE, OWNER, own)).isTrue();
        assertThat(p.allows(Policy.MODIFY_IMAGE, READER, own)).isFalse();
        assertThat(p.allows(Policy.MODIFY_IMAGE, OTHER, own)).isFalse();
        assertThat(p.allows(Policy.MODIFY_IMAGE, ADMIN, own)).isTrue();
        assertThat(p.allows(Policy.PUBLICIZE_IMAGE, OWNER, own)).isFalse();
        assertThat(p.allows(Policy.PUBLICIZE_IMAGE, ADMIN, own)).isTrue();
        assertThat(p.allows(Policy.COMMUNITIZE_IMAGE, OWNER, own)).isTrue();
        assertThat(p.allows(Policy.GET_IMAGE, READER, own)).isTrue();
        assertThat(p.allows(Policy.GET_IMAGE, OTHER, image("p9", "private", null))).isFalse();
        assertThat(p.allows(Policy.DOWNLOAD_IMAGE, READER, own)).isFalse();
        assertThat(p.allows(Policy.DOWNLOAD_IMAGE, OTHER, others)).isTrue(); // shared: the DB layer checks membership
        assertThat(p.allows(Policy.MODIFY_MEMBER, OWNER, image("p1", "shared", "p2"))).isFalse();
        assertThat(p.allows(Policy.MODIFY_MEMBER, OTHER, image("p1", "shared", "p2"))).isTrue();
        assertThat(p.allows(Policy.ADD_IMAGE, OWNER, image("p1", "shared", null))).isTrue();
        assertThat(p.allows(Policy.ADD_IMAGE, OWNER, image("p2", "shared", null))).isFalse();
        assertThat(p.allows(Policy.GET_IMAGES, READER, image("p1", null, null))).isTrue();
        assertThat(p.allows(Policy.GET_IMAGES, new RequestContext("p1", "u", Set.of()), image("p1", null, null)))
                .isFalse();
        assertThat(p.rules()).containsKeys("add_image", "get_image", "get_images", "modify_image", "publicize_image",
                "communitize_image", "delete_image", "upload_image", "download_image", "deactivate", "reactivate",
                "add_member", "get_member", "get_members", "modify_member", "delete_member");
    }

    @Test
    void settingsOverrideOneRuleAndKeepTheRest() {
        Policy p = Policy.fromSettings(Settings.of(Map.of("policy.upload_image", "role:admin",
                "policy.my_rule", "role:uploader", "policy.delete_image", "rule:my_rule or rule:admin_or_owner_member")));
        assertThat(p.allows(Policy.UPLOAD_IMAGE, OWNER, image("p1", "shared", null))).isFalse();
        assertThat(p.allows(Policy.UPLOAD_IMAGE, ADMIN, image("p1", "shared", null))).isTrue();
        RequestContext uploader = new RequestContext("p7", "u", Set.of("uploader"));
        assertThat(p.allows(Policy.DELETE_IMAGE, uploader, image("p1", "shared", null))).isTrue();
        assertThat(p.rules().get(Policy.MODIFY_IMAGE)).isEqualTo(Policy.DEFAULT_RULES.get(Policy.MODIFY_IMAGE));
    }
}
