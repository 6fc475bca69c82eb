package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefVisibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Role names compare case-insensitively everywhere, as oslo.policy compares them: a caller whose only role is
 * {@code Admin} or {@code ADMIN} gets exactly what {@code admin} gets from visibility, ownership checks, policy
 * rules, property protections and metadefs.
 */
class RoleNameCaseTest {

    @Test
    void adminInAnyCaseGetsExactlyWhatAdminGets() {
        List<String> expected = outcomes("admin");
        // not vacuous: admin is allowed everything below
        assertThat(expected).allMatch(o -> o.contains(": ok"), "every outcome of admin is allowed")
                .hasSize(11);
        assertThat(outcomes("Admin")).isEqualTo(expected);
        assertThat(outcomes("ADMIN")).isEqualTo(expected);
    }

    @Test
    void memberAndReaderRolesIgnoreCaseToo() {
        RequestContext upper = new RequestContext("p1", "u", Set.of("MEMBER", "Reader"));
        assertThat(upper.hasRole("member")).isTrue();
        assertThat(upper.hasRole("reader")).isTrue();
        assertThat(upper.isAdmin()).isFalse();
        try (ImageCatalog c = ImageCatalog.inMemory()) {
            Image img = c.images(upper).create(ImageDraft.builder().name("mine").build());
            assertThat(c.images(upper).list(ImageQuery.all()).items()).extracting(Image::id).containsExactly(img.id());
            MetadefService metadefs = c.metadefs(upper);
            assertThat(metadefs.createNamespace(MetadefNamespace.builder("upper-member").build()).owner())
                    .isEqualTo("p1");
        }
    }

    @Test
    void aProjectlessContextIsAcceptedForAnAdminInAnyCase() {
        assertThat(new RequestContext(null, "u", Set.of("ADMIN")).isAdmin()).isTrue();
    }

    /** What a caller whose only role is {@code adminRole} (project "ops") gets, one line per check. */
    private static List<String> outcomes(String adminRole) {
        RequestContext caller = new RequestContext("ops", "root", Set.of(adminRole));
        List<String> out = new ArrayList<>();
        try (ImageCatalog c = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory")
                .setting("property-protection.1.pattern", "^x_secret_")
                .setting("property-protection.1.create", "admin")
                .setting("property-protection.1.read", "admin")
                .setting("property-protection.1.update", "admin")
                .setting("property-protection.1.delete", "admin").build()) {
            ImageService owner = c.images(RequestContext.member("p1", "alice"));
            ImageService admin = c.images(RequestContext.admin("ops", "setup"));
            Image priv = owner.create(ImageDraft.builder().name("private").visibility(Visibility.PRIVATE)
                    .diskFormat("raw").containerFormat("bare").build());
            owner.upload(priv.id(), new ByteArrayInputStream(new byte[] {1, 2, 3}));
            admin.update(priv.id(), ImagePatch.builder().add("x_secret_key", "s3cr3t").build());
            admin.deactivate(priv.id());
            ImageService images = c.images(caller);

            out.add(check("get another project's private image",
                    () -> images.get(priv.id()).name()));
            out.add(check("list sees it", () -> images.list(ImageQuery.all()).items().size() + " listed"));
            out.add(check("read a property only admin may read",
                    () -> images.get(priv.id()).properties().get("x_secret_key")));
            out.add(check("download a deactivated image", () -> {
                try (var data = images.download(priv.id())) {
                    return data.stream().readAllBytes().length + " bytes";
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            out.add(check("reactivate it", () -> images.reactivate(priv.id()).status().wireName()));
            out.add(check("modify another project's image",
                    () -> images.update(priv.id(), ImagePatch.builder().add("note", "x").build()).properties()
                            .get("note")));
            out.add(check("add a protected property",
                    () -> images.update(priv.id(), ImagePatch.builder().add("x_secret_other", "y").build())
                            .properties().get("x_secret_other")));
            out.add(check("publicize it (policy role:admin)", () -> images.update(priv.id(),
                    ImagePatch.builder().replace("visibility", "public").build()).visibility().wireName()));
            out.add(check("create an image owned by another project",
                    () -> images.create(ImageDraft.builder().name("given").owner("p2").build()).owner()));
            out.add(check("delete another project's image", () -> {
                images.delete(priv.id());
                return "deleted";
            }));
            out.add(check("create a public metadef namespace", () -> c.metadefs(caller).createNamespace(
                    MetadefNamespace.builder("public-" + adminRole.hashCode()).visibility(MetadefVisibility.PUBLIC)
                            .build()).visibility().name()));
        }
        return out;
    }

    private static String check(String what, Supplier<Object> call) {
        try {
            Object v = call.get();
            return what + ": ok " + (v instanceof String && ((String) v).startsWith("public-") ? "" : v);
        } catch (ImageCatalogException e) {
            return what + ": " + e.getClass().getSimpleName();
        }
    }
}
