package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python-openstackclient ({@code openstack image ...}, unchanged, over openstacksdk) against a server under
 * noauth: {@code openstack --os-auth-type none --os-endpoint URL ...} sends no project, so every call runs as an
 * administrator of no project. openstackclient has no metadef commands in this version (glance's are in
 * {@link GlanceCliTest}); accepting a membership needs the caller's project, so it is in
 * {@link OpenstackCliKeystoneTest}. Like glance, {@code image create} without {@code --file} uploads a standard input
 * that is not a terminal (an empty, active image from {@code /dev/null}); unlike glance it fails with its standard
 * input closed ({@code sys.stdin} is then None), so it only creates images with {@code --file} here, and the
 * images other tests need are created over HTTP.
 */
class OpenstackCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ImageServer server;
    static CliRunner openstack;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
        openstack = CliRunner.openstackNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode json(Result result) {
        try {
            return JSON.readTree(result.ok().stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(result.toString(), e);
        }
    }

    static JsonNode create(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("image", "create", "-f", "json", "--disk-format", "raw",
                "--container-format", "bare"));
        args.addAll(List.of(options));
        args.add(name);
        return json(openstack.run(args.toArray(String[]::new)));
    }

    static JsonNode show(String id) {
        return json(openstack.run("image", "show", "-f", "json", id));
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(row -> names.add(row.get("Name").asText()));
        return names;
    }

    @Test
    void createWithFileSaveVerifiesTheBytesThenDeactivateReactivateDelete() throws Exception {
        Path file = ImageFiles.write(dir, "one.raw", 2 * 1024 * 1024 + 5, 11);
        String md5 = ImageFiles.md5(file);

        JsonNode created = create("os-one", "--file", file.toString(), "--progress", "--property", "os_distro=debian",
                "--tag", "red");
        String id = created.get("id").asText();
        JsonNode shown = show(id);
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("checksum").asText()).isEqualTo(md5);
        assertThat(shown.get("size").asLong()).isEqualTo(Files.size(file));
        assertThat(shown.toString()).contains("os_distro").contains("debian").contains("red");

        Path out = dir.resolve("one.out");
        openstack.run("image", "save", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(md5);

        openstack.run("image", "set", "--deactivate", id).ok();
        assertThat(show(id).get("status").asText()).isEqualTo("deactivated");
        openstack.run("image", "set", "--activate", id).ok();
        assertThat(show(id).get("status").asText()).isEqualTo("active");

        openstack.run("image", "delete", id).ok();
        assertThat(openstack.run("image", "show", id).failed().stderr()).containsIgnoringCase("no image");
    }

    /**
     * openstackclient 6.0 sends {@code --limit}, {@code --marker}, {@code --tag}, {@code --name} and the visibility
     * to the server, but filters {@code --property} and sorts {@code --sort} itself, on what the server returned; so
     * the pages here are in the server's default order (newest first) within one tag.
     */
    @Test
    void listFiltersSortsAndPagesWithLimitAndMarker() {
        String batch = "batch-" + UUID.randomUUID();
        for (String name : List.of("c", "a", "d", "b")) {
            SetupRequests.createImage(server.uri(), Map.of("name", name, "disk_format", "raw",
                    "container_format", "bare", "visibility", "private", "tags", List.of(batch)));
        }
        SetupRequests.createImage(server.uri(), Map.of("name", "other", "visibility", "private"));

        JsonNode first = json(openstack.run("image", "list", "-f", "json", "--tag", batch, "--limit", "2"));
        assertThat(names(first)).containsExactly("b", "d");
        String marker = first.get(1).get("ID").asText();
        JsonNode next = json(openstack.run("image", "list", "-f", "json", "--tag", batch, "--limit", "2",
                "--marker", marker));
        assertThat(names(next)).containsExactly("a", "c");

        JsonNode sorted = json(openstack.run("image", "list", "-f", "json", "--tag", batch, "--private",
                "--sort", "name:desc"));
        assertThat(names(sorted)).containsExactly("d", "c", "b", "a");
        JsonNode named = json(openstack.run("image", "list", "-f", "json", "--name", "b", "--tag", batch));
        assertThat(names(named)).containsExactly("b");
    }

    @Test
    void setAndUnsetPropertiesAndTags() {
        String id = SetupRequests.createImage(server.uri(), Map.of("name", "os-props", "keep", "1", "drop", "2"));

        openstack.run("image", "set", "--property", "added=3", "--tag", "blue", "--tag", "green", "--min-ram", "256",
                id).ok();
        openstack.run("image", "unset", "--property", "drop", "--tag", "blue", id).ok();
        JsonNode shown = show(id);
        String properties = shown.get("properties").toString();
        assertThat(properties).contains("keep").contains("added").doesNotContain("drop");
        assertThat(shown.get("tags").toString()).contains("green").doesNotContain("blue");
        assertThat(shown.get("min_ram").asInt()).isEqualTo(256);

        JsonNode byTag = json(openstack.run("image", "list", "-f", "json", "--tag", "green"));
        assertThat(byTag).hasSize(1);
        assertThat(byTag.get(0).get("ID").asText()).isEqualTo(id);
    }

    /**
     * {@code image remove project} and {@code image set --accept} look the project up in Keystone first, so under
     * noauth only adding and listing work from openstackclient (removing: {@link GlanceCliTest}; accepting:
     * {@link OpenstackCliKeystoneTest}).
     */
    @Test
    void membersAddList() {
        String member = "c0000000000000000000000000000003";
        String id = SetupRequests.createImage(server.uri(), Map.of("name", "os-shared", "visibility", "shared"));

        JsonNode added = json(openstack.run("image", "add", "project", "-f", "json", id, member));
        assertThat(added.get("member_id").asText()).isEqualTo(member);
        assertThat(added.get("status").asText()).isEqualTo("pending");

        JsonNode members = json(openstack.run("image", "member", "list", "-f", "json", id));
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("Member ID").asText()).isEqualTo(member);
        assertThat(members.get(0).get("Status").asText()).isEqualTo("pending");
    }
}
