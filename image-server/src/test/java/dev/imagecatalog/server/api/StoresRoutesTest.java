package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The multi-store routes over a catalog of three memory stores ({@code fast}, the default; {@code slow}, read
 * first; {@code archive}, read-only): the {@code X-Image-Meta-Store} upload header,
 * {@code DELETE /v2/stores/{store}/{image}}, {@code GET}/{@code POST /v2/images/{id}/locations} and the
 * {@code OpenStack-image-store-ids} header. Each failure is checked to leave the image and the stores as they were.
 */
class StoresRoutesTest {
    /** Alice's project with the {@code service} role too: a service acting for the image's owner. */
    static final String[] SERVICE = {"X-Project-Id", "alice", "X-User-Id", "nova", "X-Roles", "service,member,reader"};
    static final Map<String, String> STORES = Map.of("stores", "fast, slow, archive", "stores.default", "fast",
            "store.fast.type", "memory", "store.slow.type", "memory", "store.slow.weight", "5",
            "store.archive.type", "memory", "store.archive.read-only", "true");
    static ImagesHttp http;

    @BeforeAll
    static void start() {
        http = new ImagesHttp(STORES, Map.of());
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    static String created(String[] caller) {
        return http.create("{\"name\": \"multi\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}", caller)
                .get("id").asText();
    }

    static HttpResponse<String> upload(String id, String data, String[] caller, String... headers) {
        String[] all = new String[caller.length + headers.length];
        System.arraycopy(caller, 0, all, 0, caller.length);
        System.arraycopy(headers, 0, all, caller.length, headers.length);
        return http.send("PUT", "/v2/images/" + id + "/file", "application/octet-stream", data, all);
    }

    static JsonNode show(String id, String[] caller) {
        HttpResponse<String> r = http.get("/v2/images/" + id, caller);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static Image image(String id) {
        return http.server.catalog().images(RequestContext.admin("admin-project", "a")).get(id);
    }

    /** An active image of alice's with its data in {@code fast} and {@code slow}. */
    static String inTwoStores(String data) {
        String id = created(ALICE);
        assertThat(upload(id, data, ALICE).statusCode()).isEqualTo(204);
        http.server.catalog().images(RequestContext.admin("admin-project", "a"))
                .copyToStores(id, List.of("slow"), true);
        assertThat(image(id).stores()).containsExactlyInAnyOrder("fast", "slow");
        return id;
    }

    static int objectsIn(String store) throws IOException {
        int[] n = {0};
        http.server.catalog().backends().stores().get(store).forEachOwned(o -> n[0]++);
        return n[0];
    }

    // ---------------------------------------------------------------- X-Image-Meta-Store

    @Test
    void theStoreHeaderChoosesWhereAnUploadGoes() {
        String id = created(ALICE);
        HttpResponse<String> r = upload(id, "to the slow store", ALICE, "X-Image-Meta-Store", "slow");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(show(id, ALICE).get("stores").asText()).isEqualTo("slow");

        String byDefault = created(ALICE);
        assertThat(upload(byDefault, "to the default", ALICE).statusCode()).isEqualTo(204);
        assertThat(show(byDefault, ALICE).get("stores").asText()).isEqualTo("fast");
    }

    @Test
    void anUnknownStoreIs400AndAReadOnlyOne403AndTheImageStaysQueued() throws IOException {
        int before = objectsIn("fast") + objectsIn("slow") + objectsIn("archive");
        String id = created(ALICE);
        assertError(upload(id, "nowhere", ALICE, "X-Image-Meta-Store", "nowhere"), 400);
        assertError(upload(id, "read-only", ALICE, "X-Image-Meta-Store", "archive"), 403);
        JsonNode shown = show(id, ALICE);
        assertThat(shown.get("status").asText()).isEqualTo("queued");
        assertThat(shown.has("stores")).isFalse();
        assertThat(objectsIn("fast") + objectsIn("slow") + objectsIn("archive")).isEqualTo(before);
        // the image still takes data afterwards
        assertThat(upload(id, "now", ALICE, "X-Image-Meta-Store", "fast").statusCode()).isEqualTo(204);
    }

    @Test
    void aCreatedImageNamesTheStoresAnUploadMayChoose() {
        HttpResponse<String> r = http.post("/v2/images", "{\"name\": \"h\"}", ALICE);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("OpenStack-image-store-ids")).contains("fast,slow,archive");
    }

    // ---------------------------------------------------------------- DELETE /v2/stores/{store}/{image}

    @Test
    void deletingFromOneStoreKeepsTheImageAndItsOtherCopy() throws IOException {
        String id = inTwoStores("two copies");
        HttpResponse<String> r = http.delete("/v2/stores/slow/" + id, ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        JsonNode shown = show(id, ALICE);
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("stores").asText()).isEqualTo("fast");
        HttpResponse<String> data = http.get("/v2/images/" + id + "/file", ALICE);
        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.body()).isEqualTo("two copies");
        assertThat(image(id).locations()).extracting(l -> l.storeId()).containsExactly("fast");
    }

    @Test
    void theLastCopyCannotBeDeletedFromItsStore() {
        String id = created(ALICE);
        upload(id, "only copy", ALICE);
        assertError(http.delete("/v2/stores/fast/" + id, ADMIN), 403);
        assertThat(image(id).stores()).containsExactly("fast");
        assertThat(http.get("/v2/images/" + id + "/file", ALICE).body()).isEqualTo("only copy");
    }

    @Test
    void deletingFromAStoreWithoutTheImageIs404() {
        String id = created(ALICE);
        upload(id, "in fast", ALICE);
        assertError(http.delete("/v2/stores/slow/" + id, ADMIN), 404);
        assertError(http.delete("/v2/stores/slow/00000000-0000-4000-8000-000000000000", ADMIN), 404);
        assertThat(image(id).stores()).containsExactly("fast");
    }

    @Test
    void deletingFromAStoreIsForAdministratorsAndHiddenImagesAre404() {
        String id = inTwoStores("guarded");
        assertError(http.delete("/v2/stores/slow/" + id, ALICE), 403);
        assertError(http.delete("/v2/stores/slow/" + id, BOB), 404);
        assertThat(image(id).stores()).containsExactlyInAnyOrder("fast", "slow");
    }

    @Test
    void deletingFromAStoreNeedsAnActiveImage() {
        String id = created(ALICE);
        assertError(http.delete("/v2/stores/fast/" + id, ADMIN), 409);
        assertThat(image(id).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void deletingFromAStoreThatIsNotConfiguredIs409AsInGlance() {
        String id = inTwoStores("unknown store");
        assertError(http.delete("/v2/stores/elsewhere/" + id, ADMIN), 409);
        assertThat(image(id).stores()).containsExactlyInAnyOrder("fast", "slow");
    }

    // ---------------------------------------------------------------- GET /v2/images/{id}/locations

    @Test
    void theLocationsListIsGlancesUrlAndStoreInReadOrder() {
        String id = inTwoStores("listed");
        HttpResponse<String> r = http.get("/v2/images/" + id + "/locations", SERVICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = json(r);
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        // slow has weight 5: read first
        assertThat(list.get(0).get("metadata").toString()).isEqualTo("{\"store\":\"slow\"}");
        assertThat(list.get(1).get("metadata").toString()).isEqualTo("{\"store\":\"fast\"}");
        List<String> urls = image(id).activeLocations().stream().map(StoreLocation::url).toList();
        assertThat(list.get(0).get("url").asText()).isIn(urls).startsWith("memory://slow/");
        assertThat(list.get(1).get("url").asText()).isIn(urls).startsWith("memory://fast/");
        assertThat(list.get(0).size()).isEqualTo(2);
        assertThat(json(http.get("/v2/images/" + id + "/locations", ADMIN))).isEqualTo(list);
    }

    /**
     * Glance's {@code fetch_image_location}: services and administrators; the owning project's members are refused
     * (403), whoever may not see the image gets 404.
     */
    @Test
    void listingLocationsIsForServicesAndHiddenImagesAre404() {
        String id = inTwoStores("fetch policy");
        assertError(http.get("/v2/images/" + id + "/locations", ALICE), 403);
        assertThat(json(http.get("/v2/images/" + id + "/locations", SERVICE))).hasSize(2);
        assertError(http.get("/v2/images/" + id + "/locations", BOB), 404);
        assertError(http.get("/v2/images/00000000-0000-4000-8000-000000000000/locations", SERVICE), 404);
    }

    // ---------------------------------------------------------------- POST /v2/images/{id}/locations

    /** Bytes written straight into a store, as an operator's tool would have put them there. */
    static StoreLocation written(String store, String imageId, byte[] data) throws IOException {
        ImageStore s = http.server.catalog().backends().stores().get(store);
        try (ImageWriter w = s.openWriter(imageId, data.length)) {
            w.write(ByteBuffer.wrap(data));
            return w.commit();
        }
    }

    static String sha512(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    @Test
    void addingALocationWithItsHashActivatesAQueuedImage() throws Exception {
        String id = created(ALICE);
        byte[] data = "placed by an operator".getBytes(StandardCharsets.UTF_8);
        StoreLocation loc = written("slow", id, data);
        HttpResponse<String> r = http.post("/v2/images/" + id + "/locations", "{\"url\": \"" + loc.url()
                + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + sha512(data)
                + "\"}}", SERVICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        JsonNode shown = show(id, ALICE);
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("size").asLong()).isEqualTo(data.length);
        assertThat(shown.get("os_hash_value").asText()).isEqualTo(sha512(data));
        assertThat(shown.get("stores").asText()).isEqualTo("slow");
        try (InputStream in = http.server.catalog().images(RequestContext.member("alice", "u")).download(id).stream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aLocationWhoseHashDisagreesIsRefusedAndTheImageStaysQueued() throws Exception {
        String id = created(ALICE);
        byte[] data = "these bytes".getBytes(StandardCharsets.UTF_8);
        StoreLocation loc = written("slow", id, data);
        HttpResponse<String> r = http.post("/v2/images/" + id + "/locations", "{\"url\": \"" + loc.url()
                + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \""
                + sha512("other bytes".getBytes(StandardCharsets.UTF_8)) + "\"}}", SERVICE);
        assertThat(r.statusCode()).as(r.body()).isIn(400, 409);
        assertThat(image(id).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image(id).locations()).isEmpty();
    }

    @Test
    void addingALocationToAnActiveImageIs409() throws Exception {
        String id = created(ALICE);
        upload(id, "active already", ALICE);
        StoreLocation loc = written("slow", id, "active already".getBytes(StandardCharsets.UTF_8));
        assertError(http.post("/v2/images/" + id + "/locations", "{\"url\": \"" + loc.url() + "\"}", SERVICE), 409);
        assertThat(image(id).stores()).containsExactly("fast");
    }

    @Test
    void aLocationBodyThatIsNotGlancesShapeIs400AndChangesNothing() {
        String id = created(ALICE);
        String path = "/v2/images/" + id + "/locations";
        String url = "memory://slow/" + id;
        for (String body : List.of("[]", "\"memory://slow/x\"", "{}", "{\"url\": 5}",
                "{\"url\": \"" + url + "\", \"validation_data\": \"sha512\"}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"checksum\": \"0123456789abcdef0123456789abcdef\"}}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\"}}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"os_hash_value\": \"00\"}}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"os_hash_algo\": \"crc32\", \"os_hash_value\": \"0\"}}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": 1}}",
                "{\"url\": \"" + url + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \""
                        + "0".repeat(129) + "\"}}")) {
            assertError(http.post(path, body, SERVICE), 400);
        }
        assertError(http.send("POST", path, "text/plain", "{\"url\": \"" + url + "\"}", SERVICE), 415);
        assertError(http.send("POST", path, "application/json", "{\"url\":", SERVICE), 400);
        assertThat(image(id).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image(id).locations()).isEmpty();
    }

    @Test
    void aLocationOfAnotherProjectsImageIs404() {
        String id = created(ALICE);
        assertError(http.post("/v2/images/" + id + "/locations", "{\"url\": \"memory://slow/" + id + "\"}", BOB),
                404);
        assertThat(image(id).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void theLocationRoutesAllowOnlyTheirMethods() {
        String id = created(ALICE);
        HttpResponse<String> r = http.delete("/v2/images/" + id + "/locations", ADMIN);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, POST");
        HttpResponse<String> s = http.get("/v2/stores/fast/" + id, ADMIN);
        assertThat(s.statusCode()).isEqualTo(405);
        assertThat(s.headers().firstValue("Allow")).contains("DELETE");
    }
}
