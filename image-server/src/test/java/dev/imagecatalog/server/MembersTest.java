package dev.imagecatalog.server;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.junit.GlanceServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The members routes over HTTP with several projects (noauth headers): the owner shares, the member sees only its
 * own record and changes its status, everyone else gets Glance's 403 or 404, and bad bodies are 400 leaving the
 * members as they were.
 */
class MembersTest {
    static final String OWNER = "owner-project";
    static final String B = "project-b";
    static final String C = "project-c";
    static final String STRANGER = "stranger-project";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    static final GlanceServerExtension glance = GlanceServerExtension.inMemory();

    String shared;

    @BeforeEach
    void sharedImage() {
        shared = image(OWNER, Visibility.SHARED);
    }

    static String image(String owner, Visibility visibility) {
        RequestContext ctx = visibility == Visibility.PUBLIC ? RequestContext.admin(owner, "admin")
                : RequestContext.member(owner, "alice");
        return glance.catalog().images(ctx).create(ImageDraft.builder().name("shared-" + owner)
                .visibility(visibility).build()).id();
    }

    static HttpResponse<String> call(String project, String method, String path, String body) throws Exception {
        return call(project, "member,reader", method, path, body, "application/json");
    }

    static HttpResponse<String> call(String project, String roles, String method, String path, String body,
                                     String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(glance.uri() + path)).header("X-Project-Id", project)
                .header("X-Roles", roles).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String members() {
        return "/v2/images/" + shared + "/members";
    }

    String member(String id) {
        return members() + "/" + id;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    HttpResponse<String> add(String project, String member) throws Exception {
        return call(project, "POST", members(), "{\"member\": \"" + member + "\"}");
    }

    List<String> memberIds(String project) throws Exception {
        HttpResponse<String> r = call(project, "GET", members(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).get("members").forEach(m -> ids.add(m.get("member_id").asText()));
        return ids;
    }

    static void assertError(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).get("code").asText()).startsWith(status + " ");
    }

    // ------------------------------------------------------------------ the happy paths

    @Test
    void ownerAddsAMemberAndGetsGlancesRecord() throws Exception {
        HttpResponse<String> r = add(OWNER, B);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode m = json(r);
        assertThat(m.get("image_id").asText()).isEqualTo(shared);
        assertThat(m.get("member_id").asText()).isEqualTo(B);
        assertThat(m.get("status").asText()).isEqualTo("pending");
        assertThat(m.get("schema").asText()).isEqualTo("/v2/schemas/member");
        assertThat(m.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(m.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(m.size()).isEqualTo(6);
        assertThat(glance.catalog().images(RequestContext.member(OWNER, "alice")).getMember(shared, B).status())
                .isEqualTo(MemberStatus.PENDING);
    }

    @Test
    void ownerListsEveryMemberAndAMemberOnlyItself() throws Exception {
        assertThat(add(OWNER, B).statusCode()).isEqualTo(200);
        assertThat(add(OWNER, C).statusCode()).isEqualTo(200);
        HttpResponse<String> r = call(OWNER, "GET", members(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("schema").asText()).isEqualTo("/v2/schemas/members");
        assertThat(memberIds(OWNER)).containsExactlyInAnyOrder(B, C);
        assertThat(memberIds(B)).containsExactly(B);
        assertThat(memberIds(C)).containsExactly(C);
    }

    @Test
    void memberAndOwnerShowTheRecordOthersGet404() throws Exception {
        add(OWNER, B);
        add(OWNER, C);
        assertThat(json(call(OWNER, "GET", member(B), null)).get("member_id").asText()).isEqualTo(B);
        assertThat(json(call(B, "GET", member(B), null)).get("status").asText()).isEqualTo("pending");
        assertError(call(C, "GET", member(B), null), 404);
        assertError(call(STRANGER, "GET", member(B), null), 404);
    }

    @Test
    void memberMovesItsStatusInAnyDirection() throws Exception {
        add(OWNER, B);
        for (String status : List.of("accepted", "rejected", "pending", "accepted")) {
            HttpResponse<String> r = call(B, "PUT", member(B), "{\"status\": \"" + status + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo(status);
            assertThat(json(r).get("member_id").asText()).isEqualTo(B);
            assertThat(json(call(OWNER, "GET", member(B), null)).get("status").asText()).isEqualTo(status);
        }
    }

    @Test
    void ownerRemovesAMember() throws Exception {
        add(OWNER, B);
        HttpResponse<String> r = call(OWNER, "DELETE", member(B), null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertError(call(OWNER, "GET", member(B), null), 404);
        assertError(call(B, "GET", member(B), null), 404);
        assertThat(memberIds(OWNER)).isEmpty();
    }

    @Test
    void anAdministratorOfAnotherProjectManagesMembers() throws Exception {
        HttpResponse<String> r = call("admin-project", "admin,member,reader", "POST", members(),
                "{\"member\": \"" + B + "\"}", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        r = call("admin-project", "admin", "PUT", member(B), "{\"status\": \"accepted\"}", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("accepted");
    }

    @Test
    void extraKeysInTheBodyAreIgnored() throws Exception {
        HttpResponse<String> r = call(OWNER, "POST", members(), "{\"member\": \"" + B + "\", \"note\": 1}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    // ------------------------------------------------------------------ who may not

    @Test
    void aProjectThatCannotSeeTheImageGets404ForEveryCall() throws Exception {
        add(OWNER, B);
        assertError(add(STRANGER, C), 404);
        assertError(call(STRANGER, "GET", members(), null), 404);
        assertError(call(STRANGER, "PUT", member(B), "{\"status\": \"accepted\"}"), 404);
        assertError(call(STRANGER, "DELETE", member(B), null), 404);
        String absent = java.util.UUID.randomUUID().toString();
        HttpResponse<String> missing = call(STRANGER, "GET", "/v2/images/" + absent + "/members", null);
        assertError(missing, 404);
        String hidden = json(call(STRANGER, "GET", members(), null)).get("message").asText();
        assertThat(hidden.replace(shared, "ID")).isEqualTo(json(missing).get("message").asText().replace(absent, "ID"));
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    @Test
    void aMemberMayNotAddOrRemoveMembers() throws Exception {
        add(OWNER, B);
        assertError(add(B, C), 403);
        assertError(call(B, "DELETE", member(B), null), 403);
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    @Test
    void aReaderOfTheOwningProjectSeesMembersButMayNotAddThem() throws Exception {
        add(OWNER, B);
        assertThat(call(OWNER, "reader", "GET", members(), null, null).statusCode()).isEqualTo(200);
        assertError(call(OWNER, "reader", "POST", members(), "{\"member\": \"" + C + "\"}", "application/json"),
                403);
        assertError(call(OWNER, "reader", "DELETE", member(B), null, null), 403);
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    @Test
    void theOwnerMayNotChangeAMembersStatus() throws Exception {
        add(OWNER, B);
        assertError(call(OWNER, "PUT", member(B), "{\"status\": \"accepted\"}"), 403);
        assertThat(json(call(B, "GET", member(B), null)).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aMemberMayNotChangeAnotherMembersStatus() throws Exception {
        add(OWNER, B);
        add(OWNER, C);
        assertError(call(C, "PUT", member(B), "{\"status\": \"accepted\"}"), 404);
        assertThat(json(call(B, "GET", member(B), null)).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void onlySharedImagesHaveMembers() throws Exception {
        String publicImage = image(OWNER, Visibility.PUBLIC);
        String privateImage = image(OWNER, Visibility.PRIVATE);
        String communityImage = image(OWNER, Visibility.COMMUNITY);
        for (String id : List.of(publicImage, privateImage, communityImage)) {
            String path = "/v2/images/" + id + "/members";
            assertError(call(OWNER, "POST", path, "{\"member\": \"" + B + "\"}"), 403);
            assertError(call(OWNER, "GET", path, null), 403);
        }
        assertError(call(B, "GET", "/v2/images/" + privateImage + "/members", null), 404);
    }

    @Test
    void aDuplicateMemberIsAConflict() throws Exception {
        add(OWNER, B);
        assertError(add(OWNER, B), 409);
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    @Test
    void unknownMembersAndImagesAre404() throws Exception {
        add(OWNER, B);
        assertError(call(OWNER, "GET", member("nobody"), null), 404);
        assertError(call(OWNER, "DELETE", member("nobody"), null), 404);
        assertError(call("nobody", "PUT", member("nobody"), "{\"status\": \"accepted\"}"), 404);
        assertError(call(OWNER, "GET", "/v2/images/not-a-uuid/members", null), 404);
        assertError(call(OWNER, "POST", "/v2/images/" + java.util.UUID.randomUUID() + "/members",
                "{\"member\": \"" + B + "\"}"), 404);
    }

    @Test
    void moreMembersThanTheLimitIs413() throws Exception {
        try (ImageServer small = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "limit.image-members", "2")).start()) {
            String id = small.catalog().images(RequestContext.member(OWNER, "alice"))
                    .create(ImageDraft.builder().visibility(Visibility.SHARED).build()).id();
            String path = small.uri() + "/v2/images/" + id + "/members";
            List<Integer> statuses = new ArrayList<>();
            for (String m : List.of(B, C, STRANGER)) {
                statuses.add(http.send(HttpRequest.newBuilder(URI.create(path)).header("X-Project-Id", OWNER)
                        .header("X-Roles", "member,reader").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"member\": \"" + m + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 413);
            assertThat(small.catalog().images(RequestContext.member(OWNER, "alice")).listMembers(id)).hasSize(2);
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badMemberBodiesAre400AndAddNothing() throws Exception {
        for (String body : List.of("{}", "{\"member\": \"\"}", "{\"member\": 42}", "{\"member\": null}",
                "{\"member\": [\"" + B + "\"]}", "[\"" + B + "\"]", "\"" + B + "\"", "{\"members\": \"" + B + "\"}")) {
            assertError(call(OWNER, "POST", members(), body), 400);
        }
        assertThat(memberIds(OWNER)).isEmpty();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertError(call(OWNER, "POST", members(), "{\"member\": "), 400);
        assertError(call(OWNER, "POST", members(), ""), 400);
        add(OWNER, B);
        assertError(call(B, "PUT", member(B), "{status: accepted}"), 400);
        assertThat(memberIds(OWNER)).containsExactly(B);
    }

    @Test
    void badStatusesAre400AndChangeNothing() throws Exception {
        add(OWNER, B);
        for (String body : List.of("{}", "{\"status\": \"ACCEPTED\"}", "{\"status\": \"bogus\"}",
                "{\"status\": \"\"}", "{\"status\": 1}", "{\"status\": null}", "[\"accepted\"]",
                "{\"state\": \"accepted\"}")) {
            assertError(call(B, "PUT", member(B), body), 400);
        }
        assertThat(json(call(B, "GET", member(B), null)).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        HttpResponse<String> r = call(OWNER, "member,reader", "POST", members(), "{\"member\": \"" + B + "\"}",
                "text/plain");
        assertError(r, 415);
        assertThat(memberIds(OWNER)).isEmpty();
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> r = call(OWNER, "PATCH", members(), "{}");
        assertError(r, 405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, POST");
        r = call(OWNER, "POST", member(B), "{}");
        assertError(r, 405);
        assertThat(r.headers().firstValue("Allow")).contains("DELETE, GET, PUT");
    }

    @Test
    void membersRenderedByTheApiMatchTheirSchemas() throws Exception {
        add(OWNER, B);
        JsonNode memberSchema = json(call(B, "GET", "/v2/schemas/member", null));
        JsonNode membersSchema = json(call(B, "GET", "/v2/schemas/members", null));
        assertThat(SchemasTest.violations(memberSchema, json(call(B, "GET", member(B), null)))).isEmpty();
        assertThat(SchemasTest.violations(memberSchema, json(call(B, "PUT", member(B),
                "{\"status\": \"rejected\"}")))).isEmpty();
        assertThat(SchemasTest.violations(membersSchema, json(call(OWNER, "GET", members(), null)))).isEmpty();
    }
}
