package dev.imagecatalog.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImageJson} on its own: what the HTTP tests cannot easily reach. */
class ImagesJsonTest {
    static final String ID = "6e3bd3ae-a8ea-4b2e-8e55-1a1dc2c0d8f3";
    static final RequestContext OWNER = RequestContext.member("p", null);
    static final RequestContext ADMIN = RequestContext.admin("a", null);

    static Image.Builder active() {
        return Image.builder().id(ID).name("n").status(ImageStatus.ACTIVE).visibility(Visibility.PRIVATE)
                .owner("p").diskFormat("raw").containerFormat("bare").size(10L).virtualSize(10L)
                .checksum("c").osHashAlgo("sha512").osHashValue("v").tags(List.of("b", "a"))
                .createdAt(Instant.parse("2026-01-02T03:04:05.678901Z"))
                .updatedAt(Instant.parse("2026-01-02T03:04:06Z"))
                .locations(List.of(ImageLocation.active(new StoreLocation("memory", "fast", "k1")), ImageLocation.active(new StoreLocation("s3", "cold", "k2")), ImageLocation.active(new StoreLocation("memory", "fast", "k3"))));
    }

    static JsonNode render(Image image, RequestContext viewer) {
        return new ObjectMapper().valueToTree(ImageJson.render(image, viewer));
    }

    @Test
    void timesAreWholeSecondsInUtcWithZ() {
        JsonNode j = render(active().build(), OWNER);
        assertThat(j.get("created_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(j.get("updated_at").asText()).isEqualTo("2026-01-02T03:04:06Z");
        assertThat(GlanceTime.format(null)).isNull();
    }

    @Test
    void everyFieldCarriesItsWireValue() {
        JsonNode j = render(active().property("os_distro", "debian").build(), OWNER);
        assertThat(j.get("status").asText()).isEqualTo("active");
        assertThat(j.get("visibility").asText()).isEqualTo("private");
        assertThat(j.get("size").asLong()).isEqualTo(10);
        assertThat(j.get("virtual_size").asLong()).isEqualTo(10);
        assertThat(j.get("checksum").asText()).isEqualTo("c");
        assertThat(j.get("os_hash_algo").asText()).isEqualTo("sha512");
        assertThat(j.get("os_hash_value").asText()).isEqualTo("v");
        assertThat(j.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(j.get("os_distro").asText()).isEqualTo("debian");
        assertThat(j.has("locations")).isFalse();
        assertThat(j.has("direct_url")).isFalse();
    }

    @Test
    void storesNameEachStoreOnceInLocationOrder() {
        assertThat(render(active().build(), OWNER).get("stores").asText()).isEqualTo("fast,cold");
        assertThat(render(active().locations(List.of()).build(), OWNER).has("stores")).isFalse();
    }

    @Test
    void aDeactivatedImageShowsItsStoresOnlyToAdministrators() {
        Image image = active().status(ImageStatus.DEACTIVATED).build();
        assertThat(render(image, OWNER).has("stores")).isFalse();
        assertThat(render(image, null).has("stores")).isFalse();
        assertThat(render(image, ADMIN).get("stores").asText()).isEqualTo("fast,cold");
        assertThat(render(image, OWNER).get("status").asText()).isEqualTo("deactivated");
    }

    @Test
    void propertiesGlanceNeverReturnsAreLeftOut() {
        Image image = active().properties(Map.of("os_glance_stage_host", "h", "os_glance_hash_op_host", "h",
                "os_glance_import_task", "t")).build();
        JsonNode j = render(image, ADMIN);
        assertThat(j.has("os_glance_stage_host")).isFalse();
        assertThat(j.has("os_glance_hash_op_host")).isFalse();
        assertThat(j.get("os_glance_import_task").asText()).isEqualTo("t");
    }

    static JsonNode render(Image image, RequestContext viewer, LocationDisplay display) {
        List<StoreLocation> active = new ArrayList<>();
        image.locations().stream().filter(ImageLocation::isActive).forEach(l -> active.add(l.location()));
        return new ObjectMapper().valueToTree(ImageJson.render(image, viewer, display, active));
    }

    @Test
    void shownLocationsAreGlancesUrlAndStoreMetadataBetweenTheTimesAndTheTags() {
        Image image = active().locations(List.of(ImageLocation.active(new StoreLocation("memory", "fast", "k1")),
                ImageLocation.active(new StoreLocation("http", "web", "https://example.org/cirros.img")))).build();
        JsonNode j = render(image, OWNER, new LocationDisplay(true, true));
        assertThat(j.get("locations").toString()).isEqualTo("[{\"url\":\"memory://fast/k1\",\"metadata\":"
                + "{\"store\":\"fast\"}},{\"url\":\"https://example.org/cirros.img\",\"metadata\":"
                + "{\"store\":\"web\"}}]");
        assertThat(j.get("direct_url").asText()).isEqualTo("memory://fast/k1");
        assertThat(j.get("stores").asText()).isEqualTo("fast,web");
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsSubsequence("updated_at", "locations", "direct_url", "tags", "self", "file",
                "schema", "stores");
    }

    @Test
    void eachDisplaySettingShowsOnlyItsOwnField() {
        JsonNode listOnly = render(active().build(), OWNER, new LocationDisplay(true, false));
        assertThat(listOnly.get("locations")).hasSize(3);
        assertThat(listOnly.has("direct_url")).isFalse();
        JsonNode urlOnly = render(active().build(), OWNER, new LocationDisplay(false, true));
        assertThat(urlOnly.has("locations")).isFalse();
        assertThat(urlOnly.get("direct_url").asText()).isEqualTo("memory://fast/k1");
    }

    @Test
    void anImageWithoutLocationsShowsAnEmptyListAndNoDirectUrlOrStores() {
        JsonNode j = render(active().locations(List.of()).status(ImageStatus.QUEUED).build(), OWNER,
                new LocationDisplay(true, true));
        assertThat(j.get("locations").isArray()).isTrue();
        assertThat(j.get("locations")).isEmpty();
        assertThat(j.has("direct_url")).isFalse();
        assertThat(j.has("stores")).isFalse();
    }

    @Test
    void aDeactivatedImageShowsItsLocationsOnlyToAdministrators() {
        Image image = active().status(ImageStatus.DEACTIVATED).build();
        LocationDisplay both = new LocationDisplay(true, true);
        JsonNode owner = render(image, OWNER, both);
        assertThat(owner.get("locations")).isEmpty();
        assertThat(owner.has("direct_url")).isFalse();
        assertThat(owner.has("stores")).isFalse();
        JsonNode admin = render(image, ADMIN, both);
        assertThat(admin.get("locations")).hasSize(3);
        assertThat(admin.get("direct_url").asText()).isEqualTo("memory://fast/k1");
    }
}
