package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.image.v2.ImageService;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Payloads;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.image.v2.Member;
import org.openstack4j.openstack.image.v2.domain.PatchOperation;
import org.openstack4j.openstack.image.v2.domain.PatchOperation.OperationType;

/**
 * openstack4j's Glance v2 {@code ImageService} (unchanged, over OkHttp) against the server, as two projects: an
 * owner and a member. A subclass says how each is authenticated (noauth headers, Keystone tokens).
 *
 * <p>openstack4j keeps its current session in a thread-local, so each call first makes the session it needs
 * ({@link #owner()}, {@link #member()}).
 */
abstract class Openstack4jScenarios {
    @TempDir
    Path dir;

    /** {@return a session of the owning project, made current on this thread} */
    abstract OSClientV3 owner();

    /** {@return a session of the other project, made current on this thread} */
    abstract OSClientV3 member();

    /** {@return the other project's id} */
    abstract String memberProject();

    static ImageService images(OSClientV3 client) {
        return client.imagesV2();
    }

    Image createRaw(String name, Image.ImageVisibility visibility, String... properties) {
        var builder = Builders.imageV2().name(name).diskFormat(DiskFormat.RAW).containerFormat(ContainerFormat.BARE);
        if (visibility != null) {
            builder.visibility(visibility);
        }
        for (int i = 0; i < properties.length; i += 2) {
            builder.additionalProperty(properties[i], properties[i + 1]);
        }
        Image created = images(owner()).create(builder.build());
        assertThat(created).as("create %s", name).isNotNull();
        return created;
    }

    @Test
    void createUploadDownloadVerifiesTheBytes() throws Exception {
        Image created = createRaw("o4j-data", Image.ImageVisibility.PRIVATE, "origin", "openstack4j");
        assertThat(created.getStatus()).isEqualTo(Image.ImageStatus.QUEUED);
        assertThat(created.getAdditionalPropertyValue("origin")).isEqualTo("openstack4j");

        Path file = ImageFiles.write(dir, "o4j.raw", 1024 * 1024 + 3, 21);
        ActionResponse uploaded = images(owner()).upload(created.getId(), Payloads.create(file.toFile()), created);
        assertThat(uploaded.isSuccess()).as("%s", uploaded).isTrue();

        Image active = images(owner()).get(created.getId());
        assertThat(active.getStatus()).isEqualTo(Image.ImageStatus.ACTIVE);
        assertThat(active.getChecksum()).isEqualTo(ImageFiles.md5(file));
        assertThat(active.getSize()).isEqualTo(Files.size(file));

        File out = dir.resolve("o4j.out").toFile();
        ActionResponse downloaded = images(owner()).download(created.getId(), out);
        assertThat(downloaded.isSuccess()).as("%s", downloaded).isTrue();
        assertThat(ImageFiles.md5(out.toPath())).isEqualTo(ImageFiles.md5(file));

        assertThat(images(owner()).deactivate(created.getId()).isSuccess()).isTrue();
        assertThat(images(owner()).get(created.getId()).getStatus()).isEqualTo(Image.ImageStatus.DEACTIVATED);
        assertThat(images(owner()).reactivate(created.getId()).isSuccess()).isTrue();
        assertThat(images(owner()).get(created.getId()).getStatus()).isEqualTo(Image.ImageStatus.ACTIVE);

        assertThat(images(owner()).delete(created.getId()).isSuccess()).isTrue();
        assertThat(images(owner()).get(created.getId())).isNull();
        ActionResponse again = images(owner()).delete(created.getId());
        assertThat(again.getCode()).isEqualTo(404);
    }

    @Test
    void listFiltersSortsAndPages() {
        String batch = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (String name : List.of("b", "d", "a", "c")) {
            ids.add(createRaw(name, Image.ImageVisibility.PRIVATE, "batch", batch).getId());
        }
        List<? extends Image> firstPage = images(owner()).list(Map.of("batch", batch, "sort", "name:asc",
                "limit", "3"));
        assertThat(firstPage).extracting(Image::getName).containsExactly("a", "b", "c");
        List<? extends Image> nextPage = images(owner()).list(Map.of("batch", batch, "sort", "name:asc",
                "limit", "3", "marker", firstPage.get(2).getId()));
        assertThat(nextPage).extracting(Image::getName).containsExactly("d");
        assertThat(images(owner()).list(Map.of("batch", batch, "name", "c"))).extracting(Image::getId)
                .containsExactly(ids.get(3));
        // the other project sees none of the owner's private images
        assertThat(images(member()).list(Map.of("batch", batch))).isEmpty();
        assertThat(images(member()).get(ids.get(0))).isNull();
    }

    /**
     * openstack4j 3.12's OkHttp connector sends its JSON-patch as {@code application/json; charset=utf-8} (OkHttp
     * replaces the {@code Content-Type} openstack4j sets with the body's), which Glance refuses with 415 and
     * {@code Accept-Patch}; the server answers the same, and nothing changes. Tags go through their own routes.
     */
    @Test
    void updateIsRefusedAsGlanceRefusesItButTagsWork() {
        Image created = createRaw("o4j-props", Image.ImageVisibility.PRIVATE, "keep", "1");
        assertThatThrownBy(() -> images(owner()).update(created.getId(), Builders.imageUpdateV2()
                .ops(new PatchOperation(OperationType.REPLACE, "/name", "o4j-renamed")).build()))
                .isInstanceOf(ClientResponseException.class)
                .satisfies(e -> assertThat(((ClientResponseException) e).getStatus()).isEqualTo(415));
        assertThat(images(owner()).get(created.getId()).getName()).isEqualTo("o4j-props");

        assertThat(images(owner()).updateTag(created.getId(), "blue").isSuccess()).isTrue();
        assertThat(images(owner()).updateTag(created.getId(), "green").isSuccess()).isTrue();
        assertThat(images(owner()).deleteTag(created.getId(), "blue").isSuccess()).isTrue();
        assertThat(images(owner()).get(created.getId()).getTags()).containsExactly("green");
        assertThat(images(owner()).deleteTag(created.getId(), "blue").getCode()).isEqualTo(404);
    }

    @Test
    void membersAddAcceptListDelete() {
        // openstack4j 3.12 knows no "shared" visibility: Glance's default for a new image is shared
        Image shared = createRaw("o4j-shared", null);
        assertThat(shared.getVisibility()).isEqualTo(Image.ImageVisibility.UNKNOWN);
        String id = shared.getId();
        assertThat(images(member()).get(id)).as("not yet a member: not found").isNull();

        Member added = images(owner()).createMember(id, memberProject());
        assertThat(added.getMemberId()).isEqualTo(memberProject());
        assertThat(added.getStatus()).isEqualTo(Member.MemberStatus.PENDING);
        assertThat(images(member()).get(id)).as("a pending member sees the image by id").isNotNull();
        assertThat(images(member()).list()).extracting(Image::getId).doesNotContain(id);

        Member accepted = images(member()).updateMember(id, memberProject(), Member.MemberStatus.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo(Member.MemberStatus.ACCEPTED);
        assertThat(images(member()).list()).extracting(Image::getId).contains(id);
        assertThat(images(owner()).listMembers(id)).extracting(Member::getMemberId).containsExactly(memberProject());
        assertThat(images(owner()).getMember(id, memberProject()).getStatus())
                .isEqualTo(Member.MemberStatus.ACCEPTED);

        assertThat(images(owner()).deleteMember(id, memberProject()).isSuccess()).isTrue();
        assertThat(images(owner()).listMembers(id)).isEmpty();
        assertThat(images(member()).get(id)).as("no longer a member: not found").isNull();
    }
}
