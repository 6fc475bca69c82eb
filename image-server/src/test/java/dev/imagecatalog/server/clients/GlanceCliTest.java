package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python-glanceclient ({@code glance}, unchanged) against a server under noauth:
 * {@code glance --os-image-url URL --os-auth-token x ...} skips Keystone and sends no project, so every call runs as
 * Glance's unauthenticated context (an administrator of no project). Another project's view (accepting a membership)
 * is in {@link Openstack4jNoauthTest}, which can send {@code X-Project-Id}.
 *
 * <p>glanceclient caches the server's schemas in {@code ~/.glanceclient} and, with {@code --os-image-url} and no
 * {@code --os-auth-url}, builds its options from the cached image schema on the next call; Glance's read-only
 * {@code stores} property then clashes with {@code image-create-via-import}'s own {@code --stores} and every command
 * fails ("argument --stores: conflicting option string"), against Glance as here. So the cache is deleted before
 * each call. And {@code image-create} without {@code --file} uploads its standard input when that is not a terminal
 * (an empty image from {@code /dev/null}), so glance runs with standard input closed, as in a cron job.
 */
class GlanceCliTest {
    @TempDir
    static Path dir;
    static ImageServer server;
    static CliRunner glance;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
        glance = CliRunner.glanceNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Map<String, String> create(String... arguments) {
        String[] all = new String[arguments.length + 5];
        all[0] = "image-create";
        all[1] = "--disk-format";
        all[2] = "raw";
        all[3] = "--container-format";
        all[4] = "bare";
        System.arraycopy(arguments, 0, all, 5, arguments.length);
        return CliTables.properties(glance.run(all).ok().stdout());
    }

    @Test
    void createWithFileUploadsAndDownloadVerifiesTheChecksum() throws Exception {
        Path file = ImageFiles.write(dir, "one.raw", 3 * 1024 * 1024 + 17, 1);
        String md5 = ImageFiles.md5(file);

        Map<String, String> created = create("--name", "one", "--property", "os_distro=debian",
                "--file", file.toString(), "--progress");
        assertThat(created).containsEntry("status", "active").containsEntry("checksum", md5)
                .containsEntry("size", String.valueOf(Files.size(file))).containsEntry("os_distro", "debian");
        String id = created.get("id");

        Path out = dir.resolve("one.out");
        glance.run("image-download", "--file", out.toString(), "--progress", id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(md5);

        Map<String, String> shown = CliTables.properties(glance.run("image-show", id).ok().stdout());
        assertThat(shown).containsEntry("name", "one").containsEntry("disk_format", "raw")
                .containsEntry("os_hash_algo", "sha512").containsEntry("checksum", md5);
    }

    @Test
    void uploadIntoAQueuedImageThenDeactivateReactivateAndDelete() {
        Map<String, String> created = create("--name", "two");
        assertThat(created).containsEntry("status", "queued");
        String id = created.get("id");
        Path file = ImageFiles.write(dir, "two.raw", 65_536, 2);

        glance.run("image-upload", "--file", file.toString(), "--progress", id).ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()))
                .containsEntry("status", "active").containsEntry("checksum", ImageFiles.md5(file));

        glance.run("image-deactivate", id).ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()))
                .containsEntry("status", "deactivated");
        glance.run("image-reactivate", id).ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()))
                .containsEntry("status", "active");

        glance.run("image-delete", id).ok();
        glance.run("image-show", id).failed();
    }

    @Test
    void listFiltersSortsAndFollowsPages() {
        String batch = UUID.randomUUID().toString();
        for (String name : List.of("c", "a", "e", "b", "d")) {
            SetupRequests.createImage(server.uri(), Map.of("name", name, "disk_format", "raw",
                    "container_format", "bare", "batch", batch));
        }
        SetupRequests.createImage(server.uri(), Map.of("name", "other", "batch", "else"));

        // --page-size 2: three requests, the client following `next`
        Result paged = glance.run("image-list", "--property-filter", "batch=" + batch, "--sort-key", "name",
                "--sort-dir", "asc", "--page-size", "2").ok();
        assertThat(CliTables.column(paged.stdout(), "Name")).containsExactly("a", "b", "c", "d", "e");

        Result limited = glance.run("image-list", "--property-filter", "batch=" + batch, "--sort", "name:desc",
                "--limit", "3", "--page-size", "2").ok();
        assertThat(CliTables.column(limited.stdout(), "Name")).containsExactly("e", "d", "c");
    }

    @Test
    void setAndUnsetPropertiesAndTags() {
        Map<String, String> created = create("--name", "props", "--property", "keep=1", "--property", "drop=2");
        assertThat(created).containsEntry("status", "queued");
        String id = created.get("id");

        glance.run("image-update", "--name", "renamed", "--property", "added=3", "--remove-property", "drop",
                "--min-ram", "512", id).ok();
        Map<String, String> shown = CliTables.properties(glance.run("image-show", id).ok().stdout());
        assertThat(shown).containsEntry("name", "renamed").containsEntry("keep", "1").containsEntry("added", "3")
                .containsEntry("min_ram", "512").doesNotContainKey("drop");

        glance.run("image-tag-update", id, "blue").ok();
        glance.run("image-tag-update", id, "green").ok();
        glance.run("image-tag-delete", id, "blue").ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()).get("tags"))
                .contains("green").doesNotContain("blue");
        Result byTag = glance.run("image-list", "--tag", "green").ok();
        assertThat(CliTables.column(byTag.stdout(), "ID")).containsExactly(id);

        glance.run("image-tag-delete", id, "never-set").failed();
    }

    @Test
    void membersAddListUpdateDelete() {
        String owner = "a0000000000000000000000000000001";
        String member = "b0000000000000000000000000000002";
        String id = create("--name", "shared", "--visibility", "shared", "--owner", owner).get("id");

        Map<String, String> added = memberRow(glance.run("member-create", id, member).ok());
        assertThat(added).containsEntry("Image ID", id).containsEntry("Member ID", member)
                .containsEntry("Status", "pending");

        glance.run("member-update", id, member, "accepted").ok();
        Result listed = glance.run("member-list", "--image-id", id).ok();
        assertThat(CliTables.column(listed.stdout(), "Member ID")).containsExactly(member);
        assertThat(CliTables.column(listed.stdout(), "Status")).containsExactly("accepted");

        glance.run("member-delete", id, member).ok();
        assertThat(CliTables.column(glance.run("member-list", "--image-id", id).ok().stdout(), "Member ID"))
                .isEmpty();
        glance.run("member-create", id + "0", member).failed();
    }

    private static Map<String, String> memberRow(Result result) {
        List<List<String>> rows = CliTables.rows(result.stdout());
        assertThat(rows).as("%s", result).hasSize(2);
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
            row.put(rows.get(0).get(i), rows.get(1).get(i));
        }
        return row;
    }

    @Test
    void metadefNamespacesCreateListShow() {
        Result created = glance.run("md-namespace-create", "--display-name", "Client test",
                "--description", "made by glance", "--visibility", "public", "IC::ClientTest").ok();
        assertThat(CliTables.properties(created.stdout())).containsEntry("namespace", "IC::ClientTest")
                .containsEntry("display_name", "Client test");

        Result listed = glance.run("md-namespace-list").ok();
        assertThat(CliTables.column(listed.stdout(), "namespace")).contains("IC::ClientTest");

        Map<String, String> shown = CliTables.properties(glance.run("md-namespace-show", "IC::ClientTest").ok()
                .stdout());
        assertThat(shown).containsEntry("description", "made by glance").containsEntry("visibility", "public");

        glance.run("md-namespace-create", "IC::ClientTest").failed();
    }

    @Test
    void anErrorReachesTheUserWithItsStatusAndMessage() {
        // glanceclient sends Accept: */*; Glance (webob) answers an error in HTML then, which glanceclient strips to
        // "HTTP 404 Not Found: <message>"; a JSON body must be nested ({"error": {"message": ...}}) for it
        Result missing = glance.run("image-show", "00000000-0000-4000-8000-000000000000").failed();
        assertThat(missing.stderr()).contains("404").doesNotContain("has no attribute");
    }
}
