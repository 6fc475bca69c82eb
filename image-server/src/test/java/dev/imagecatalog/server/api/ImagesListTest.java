package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagesListTest {
    static ImagesHttp api;
    static final List<String> aliceIds = new ArrayList<>();
    static String bobPrivate;
    static String adminPublic;
    static String aliceHidden;

    @BeforeAll
    static void start() {
        api = new ImagesHttp();
        for (int i = 1; i <= 7; i++) {
            String tags = i % 2 == 0 ? "[\"x\", \"y\"]" : "[\"x\"]";
            aliceIds.add(api.create("{\"name\": \"a" + i + "\", \"disk_format\": \"" + (i % 2 == 0 ? "raw" : "qcow2")
                    + "\", \"tags\": " + tags + ", \"os_distro\": \"" + (i <= 3 ? "debian" : "fedora") + "\""
                    + (i == 7 ? ", \"protected\": true" : "") + "}", ALICE).get("id").asText());
        }
        bobPrivate = api.create("{\"name\": \"b1\", \"visibility\": \"private\"}", BOB).get("id").asText();
        adminPublic = api.create("{\"name\": \"pub\", \"visibility\": \"public\"}", ADMIN).get("id").asText();
        aliceHidden = api.create("{\"name\": \"hid\", \"os_hidden\": true}", ALICE).get("id").asText();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static JsonNode list(String query, String... who) {
        HttpResponse<String> r = api.get("/v2/images" + query, who);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("images").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("images").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void defaultListShowsWhatTheCallerSeesNewestFirstWithGlanceLinks() {
        JsonNode page = list("", ALICE);
        assertThat(page.get("first").asText()).isEqualTo("/v2/images");
        assertThat(page.get("schema").asText()).isEqualTo("/v2/schemas/images");
        assertThat(page.has("next")).isFalse();
        List<String> ids = ids(page);
        List<String> expected = new ArrayList<>(aliceIds);
        expected.add(adminPublic);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ids).doesNotContain(bobPrivate, aliceHidden);
        assertThat(names(page).get(0)).isEqualTo("pub");
        JsonNode first = page.get("images").get(0);
        assertThat(first.get("self").asText()).isEqualTo("/v2/images/" + adminPublic);
        assertThat(first.has("size") && first.get("size").isNull()).isTrue();
        assertThat(ids(list("?os_hidden=true", ALICE))).containsExactly(aliceHidden);
    }

    @Test
    void filtersGoThroughTheCatalogsQueryParser() {
        assertThat(names(list("?name=a3", ALICE))).containsExactly("a3");
        assertThat(names(list("?name=in:a1,a2&sort=name:asc", ALICE))).containsExactly("a1", "a2");
        assertThat(names(list("?disk_format=raw&sort=name:asc", ALICE))).containsExactly("a2", "a4", "a6");
        assertThat(names(list("?tag=x&tag=y&sort=name:asc", ALICE))).containsExactly("a2", "a4", "a6");
        assertThat(names(list("?os_distro=debian&sort=name:asc", ALICE))).containsExactly("a1", "a2", "a3");
        assertThat(names(list("?protected=true", ALICE))).containsExactly("a7");
        assertThat(names(list("?visibility=public", ALICE))).containsExactly("pub");
        assertThat(names(list("?owner=bob", ALICE))).isEmpty();
        assertThat(names(list("?owner=bob", ADMIN))).containsExactly("b1");
        assertThat(names(list("?name=b1", BOB))).containsExactly("b1");
        assertThat(names(list("?status=queued&name=a1", ALICE))).containsExactly("a1");
        assertThat(names(list("?status=nonsense", ALICE))).isEmpty();
    }

    @Test
    void badParametersAre400() {
        for (String q : List.of("?visibility=bogus", "?limit=-1", "?limit=x", "?sort_key=bogus", "?sort_dir=sideways",
                "?sort=name:asc&sort_key=name", "?created_at=gt:notatime", "?changes-since=2020-01-01T00:00:00Z",
                "?protected=yes", "?size_min=big", "?member_status=maybe", "?name=zz:a",
                "?marker=" + UUID.randomUUID(), "?marker=not-a-uuid")) {
            assertError(api.get("/v2/images" + q, ALICE), 400);
        }
    }

    @Test
    void sortingBothSyntaxes() {
        assertThat(names(list("?sort=name:asc&disk_format=qcow2", ALICE))).containsExactly("a1", "a3", "a5", "a7");
        assertThat(names(list("?sort_key=name&sort_dir=desc&disk_format=qcow2", ALICE)))
                .containsExactly("a7", "a5", "a3", "a1");
        assertThat(names(list("?sort_key=name&sort_dir=asc&disk_format=raw", ALICE))).containsExactly("a2", "a4", "a6");
    }

    @Test
    void pagingFollowsNextToTheEndWithGlancesLinks() {
        List<String> all = ids(list("?sort=name:asc&limit=100", ALICE));
        assertThat(all).hasSize(8);
        JsonNode page = list("?limit=3&sort=name:asc", ALICE);
        assertThat(page.get("first").asText()).isEqualTo("/v2/images?limit=3&sort=name%3Aasc");
        List<String> seen = new ArrayList<>(ids(page));
        int pages = 1;
        while (page.has("next")) {
            List<String> onPage = ids(page);
            String last = onPage.get(onPage.size() - 1);
            assertThat(page.get("next").asText()).isEqualTo("/v2/images?limit=3&sort=name%3Aasc&marker=" + last);
            HttpResponse<String> r = api.get(page.get("next").asText(), ALICE);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            page = json(r);
            assertThat(page.get("first").asText()).isEqualTo("/v2/images?limit=3&sort=name%3Aasc");
            seen.addAll(ids(page));
            assertThat(++pages).isLessThan(10);
        }
        assertThat(seen).isEqualTo(all);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aMarkerAnywhereInTheQueryIsLeftOutOfFirstAndPutLastInNext() {
        List<String> all = ids(list("?sort=name:asc", ALICE));
        JsonNode page = list("?marker=" + all.get(0) + "&sort=name:asc&limit=2", ALICE);
        assertThat(ids(page)).isEqualTo(all.subList(1, 3));
        assertThat(page.get("first").asText()).isEqualTo("/v2/images?sort=name%3Aasc&limit=2");
        assertThat(page.get("next").asText()).isEqualTo("/v2/images?sort=name%3Aasc&limit=2&marker=" + all.get(2));
    }

    @Test
    void repeatedParametersAndSpecialCharactersSurviveTheLinks() {
        JsonNode page = list("?tag=x&tag=y&limit=1&sort=name:asc", ALICE);
        assertThat(page.get("first").asText()).isEqualTo("/v2/images?tag=x&tag=y&limit=1&sort=name%3Aasc");
        Set<String> seen = new HashSet<>(names(page));
        while (page.has("next")) {
            page = json(api.get(page.get("next").asText(), ALICE));
            seen.addAll(names(page));
        }
        assertThat(seen).containsExactlyInAnyOrder("a2", "a4", "a6");
        JsonNode quoted = list("?name=in:%22a1%22,a%202&limit=5", ALICE);
        assertThat(quoted.get("first").asText()).isEqualTo("/v2/images?name=in%3A%22a1%22%2Ca+2&limit=5");
        assertThat(names(quoted)).containsExactly("a1");
    }
}
