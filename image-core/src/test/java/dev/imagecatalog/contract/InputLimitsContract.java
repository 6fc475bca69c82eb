package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a caller hands the image API, on every back-end: image ids are made canonical (lower-case UUIDs) at every
 * entry point, every input is bounded (property values, keys, names, tags, member ids, patch operations, list
 * filters) and control characters are refused, each with a typed error naming the field and nothing stored.
 * A module extends it and returns a fresh catalog over its back-end from {@link #createCatalog(Map)}.
 */
public abstract class InputLimitsContract {

    /** A fresh, empty catalog over the back-end under test with {@code settings} added (core keys). */
    protected abstract ImageCatalog createCatalog(Map<String, String> settings) throws Exception;

    private static final RequestContext ALICE = RequestContext.member("limits-a", "alice");
    private static final RequestContext BOB = RequestContext.member("limits-b", "bob");
    private static final RequestContext ADMIN = RequestContext.admin("limits-admin", "root");

    private final List<ImageCatalog> catalogs = new ArrayList<>();

    private ImageCatalog catalog() throws Exception {
        return catalog(Map.of());
    }

    private ImageCatalog catalog(Map<String, String> settings) throws Exception {
        ImageCatalog c = createCatalog(settings);
        catalogs.add(c);
        return c;
    }

    @AfterEach
    void closeCatalogs() {
        for (ImageCatalog c : catalogs) {
            c.close();
        }
    }

    private static ImageDraft.Builder draft() {
        return ImageDraft.builder().name("img").diskFormat("raw").containerFormat("bare");
    }

    /** Nothing of {@code s}'s project exists (what every refused create must leave). */
    private static void assertNothingCreated(ImageService s) {
        assertThat(s.list(ImageQuery.all()).items()).as("images left by a refused call").isEmpty();
    }

    // ------------------------------------------------------------------ ids

    @Test
    void anUpperCaseIdNamesTheSameImageInEveryCall() throws Exception {
        ImageService alice = catalog().images(ALICE);
        String lower = UUID.randomUUID().toString();
        String upper = lower.toUpperCase(Locale.ROOT);
        Image created = alice.create(draft().id(upper).build());
        assertThat(created.id()).as("a created id is canonical").isEqualTo(lower);
        assertThatThrownBy(() -> alice.create(draft().id(lower).build())).isInstanceOf(ConflictException.class);

        assertThat(alice.get(upper).id()).isEqualTo(lower);
        assertThat(alice.update(upper, ImagePatch.builder().replace("name", "renamed").build()).name())
                .isEqualTo("renamed");
        assertThat(alice.addTag(upper, "t").tags()).containsExactly("t");
        assertThat(alice.removeTag(upper, "t").tags()).isEmpty();
        assertThat(alice.list(ImageQuery.builder().ids(upper).build()).items()).extracting(Image::id)
                .containsExactly(lower);
        alice.create(draft().build());
        Page<Image> afterMarker = alice.list(ImageQuery.builder().marker(upper).build());
        assertThat(afterMarker.items()).extracting(Image::id).doesNotContain(lower);
        alice.delete(upper);
        assertThatThrownBy(() -> alice.get(lower)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void uploadDownloadAndStatusThroughAnUpperCaseId() throws Exception {
        ImageCatalog catalog = catalog();
        ImageService alice = catalog.images(ALICE);
        String upper = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        alice.create(draft().id(upper).build());
        byte[] data = new byte[100_000];
        new java.util.Random(7).nextBytes(data);
        Image active = alice.upload(upper, new ByteArrayInputStream(data));
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.id()).isEqualTo(upper.toLowerCase(Locale.ROOT));
        try (ImageData d = alice.download(upper)) {
            assertThat(d.stream().readAllBytes()).isEqualTo(data);
        }
        assertThat(alice.deactivate(upper).status()).isEqualTo(ImageStatus.DEACTIVATED);
        assertThat(alice.reactivate(upper).status()).isEqualTo(ImageStatus.ACTIVE);
        alice.delete(upper);
        assertThatThrownBy(() -> alice.get(upper)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void membersThroughAnUpperCaseImageIdKeepTheMemberIdsCase() throws Exception {
        ImageCatalog catalog = catalog();
        ImageService alice = catalog.images(ALICE);
        Image img = alice.create(draft().visibility(Visibility.SHARED).build());
        String upper = img.id().toUpperCase(Locale.ROOT);
        ImageMember m = alice.addMember(upper, "Project-X");
        assertThat(m.imageId()).isEqualTo(img.id());
        assertThat(m.memberId()).as("project ids are not UUIDs: their case is kept").isEqualTo("Project-X");
        assertThat(alice.getMember(upper, "Project-X").memberId()).isEqualTo("Project-X");
        assertThatThrownBy(() -> alice.getMember(img.id(), "project-x")).isInstanceOf(NotFoundException.class);
        assertThat(alice.listMembers(upper)).extracting(ImageMember::memberId).containsExactly("Project-X");
        assertThat(catalog.images(ADMIN).updateMember(upper, "Project-X", MemberStatus.ACCEPTED).status())
                .isEqualTo(MemberStatus.ACCEPTED);
        alice.removeMember(upper, "Project-X");
        assertThat(alice.listMembers(img.id())).isEmpty();
    }

    @Test
    void anIdThatIsNoUuidIsNotFoundWithoutReachingTheBackEnd() throws Exception {
        ImageService alice = catalog().images(ALICE);
        alice.create(draft().build());
        for (String bad : List.of("not-a-uuid", "\0", "x".repeat(1_000_000), "'; DROP TABLE images; --")) {
            assertThatThrownBy(() -> alice.get(bad)).isInstanceOf(NotFoundException.class)
                    .message().hasSizeLessThan(400);
            assertThatThrownBy(() -> alice.delete(bad)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> alice.list(ImageQuery.builder().marker(bad).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("marker");
            assertThat(alice.list(ImageQuery.builder().ids(bad).build()).items()).isEmpty();
        }
        assertThatThrownBy(() -> alice.create(draft().id("not-a-uuid").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> alice.create(draft().id(UUID.randomUUID() + "\0").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("id");
    }

    // ------------------------------------------------------------------ property values

    @Test
    void aPropertyValueIsBoundedInUtf8BytesByDefault65535() throws Exception {
        ImageService alice = catalog().images(ALICE);
        Image img = alice.create(draft().property("ascii", "a".repeat(65_535))
                .property("euro", "\u20ac".repeat(21_845)).build()); // 3 bytes each: 65,535 bytes
        assertThat(alice.get(img.id()).properties().get("ascii")).hasSize(65_535);
        assertThat(alice.get(img.id()).properties().get("euro")).hasSize(21_845);

        assertThatThrownBy(() -> alice.create(draft().property("big", "a".repeat(65_536)).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'big'")
                .hasMessageContaining("65535").hasMessageContaining("limit.image-property-value-bytes");
        assertThatThrownBy(() -> alice.create(draft().property("big-euro", "\u20ac".repeat(21_846)).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'big-euro'");
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("new", "b".repeat(65_536)).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'new'");
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("ascii", "b".repeat(65_536)).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'ascii'");
        Image after = alice.get(img.id());
        assertThat(after.properties()).containsOnlyKeys("ascii", "euro");
        assertThat(after.properties().get("ascii")).isEqualTo("a".repeat(65_535));
        assertThat(after.version()).isEqualTo(img.version());
    }

    @Test
    void thePropertyValueLimitIsASetting() throws Exception {
        ImageService alice = catalog(Map.of("limit.image-property-value-bytes", "10")).images(ALICE);
        Image img = alice.create(draft().property("k", "0123456789").build());
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("k2", "01234567890").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'k2'").hasMessageContaining("10");
        assertThatThrownBy(() -> alice.create(draft().property("k", "\u00e9".repeat(6)).build())) // 12 bytes
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'k'");
        assertThatThrownBy(() -> catalog(Map.of("limit.image-property-value-bytes", "0")))
                .hasMessageContaining("limit.image-property-value-bytes");
    }

    /** 128 values of 1 MiB in one create used to close an H2 database for every project. */
    @Test
    void aHugeCreateIsRefusedAndTheCatalogKeepsServingOthers() throws Exception {
        ImageCatalog catalog = catalog();
        ImageService alice = catalog.images(ALICE);
        String mib = "v".repeat(1 << 20);
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < 128; i++) {
            props.put("p" + i, mib);
        }
        assertThatThrownBy(() -> alice.create(draft().properties(props).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("limit.image-property-value-bytes");
        assertNothingCreated(alice);

        ImageService bob = catalog.images(BOB);
        Image other = bob.create(draft().name("after").property("k", "v").build());
        assertThat(bob.get(other.id()).properties()).containsEntry("k", "v");
        assertThat(bob.list(ImageQuery.all()).items()).extracting(Image::id).containsExactly(other.id());
    }

    // ------------------------------------------------------------------ strings of 255

    @Test
    void keysNamesTagsOwnersAndMemberIdsHoldAtMost255Characters() throws Exception {
        ImageCatalog catalog = catalog();
        ImageService alice = catalog.images(ALICE);
        String ok = "k".repeat(255);
        String tooLong = "k".repeat(256);
        Image img = alice.create(draft().name(ok).tag(ok).property(ok, "v").visibility(Visibility.SHARED).build());
        alice.addMember(img.id(), ok);

        assertThatThrownBy(() -> alice.create(draft().name(tooLong).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("name").hasMessageContaining("255");
        assertThatThrownBy(() -> alice.create(draft().tag(tooLong).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag").hasMessageContaining("255");
        assertThatThrownBy(() -> alice.create(draft().property(tooLong, "v").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("property key")
                .hasMessageContaining("255");
        assertThatThrownBy(() -> catalog.images(ADMIN).create(draft().owner(tooLong).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("owner");
        assertThat(catalog.images(ADMIN).list(ImageQuery.all()).items()).extracting(Image::id)
                .as("refused creates left nothing").containsExactly(img.id());

        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("name", tooLong).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("/" + tooLong, "v").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("255");
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("tags", List.of(tooLong)).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> alice.addTag(img.id(), tooLong))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> alice.addMember(img.id(), tooLong))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("member");
        assertThatThrownBy(() -> alice.getMember(img.id(), tooLong))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("member");
        Image after = alice.get(img.id());
        assertThat(after.version()).isEqualTo(img.version());
        assertThat(alice.listMembers(img.id())).extracting(ImageMember::memberId).containsExactly(ok);
    }

    // ------------------------------------------------------------------ control characters

    private static final List<String> CONTROLS = List.of("\0", "\u0001", "\u001b", "\n", "\t", "\u007f", "\u0085",
            "\u009b");

    @Test
    void controlCharactersAreRefusedInNamesTagsKeysAndMemberIds() throws Exception {
        ImageCatalog catalog = catalog();
        ImageService alice = catalog.images(ALICE);
        Image img = alice.create(draft().visibility(Visibility.SHARED).build());
        for (String c : CONTROLS) {
            String bad = "a" + c + "b";
            String code = String.format("U+%04X", (int) c.charAt(0));
            assertThatThrownBy(() -> alice.create(draft().name(bad).build())).as("name with %s", code)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("name").hasMessageContaining(code);
            assertThatThrownBy(() -> alice.create(draft().tag(bad).build())).as("tag with %s", code)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag");
            assertThatThrownBy(() -> alice.create(draft().property(bad, "v").build())).as("key with %s", code)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("property key");
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("name", bad).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("/" + bad, "v").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("property key");
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("tags", List.of(bad)).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag");
            assertThatThrownBy(() -> alice.addTag(img.id(), bad))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("tag");
            assertThatThrownBy(() -> alice.addMember(img.id(), bad))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("member");
            assertThatThrownBy(() -> alice.removeMember(img.id(), bad))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("member");
            assertThatThrownBy(() -> catalog.images(ADMIN).create(draft().owner(bad).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("owner");
        }
        assertThat(alice.list(ImageQuery.all()).items()).extracting(Image::id).containsExactly(img.id());
        assertThat(alice.get(img.id()).version()).isEqualTo(img.version());
        assertThat(catalog.images(ADMIN).list(ImageQuery.builder().owner("limits-admin").build()).items()).isEmpty();
    }

    @Test
    void controlCharactersAreRefusedInPropertyValuesExceptTabAndLineBreaks() throws Exception {
        ImageService alice = catalog().images(ALICE);
        Image img = alice.create(draft().property("text", "line 1\r\nline 2\tcolumn").build());
        assertThat(alice.get(img.id()).properties()).containsEntry("text", "line 1\r\nline 2\tcolumn");
        for (String c : List.of("\0", "\u0001", "\u001b", "\u000b", "\u007f", "\u0085", "\u009b")) {
            String bad = "a" + c + "b";
            String code = String.format("U+%04X", (int) c.charAt(0));
            assertThatThrownBy(() -> alice.create(draft().property("k", bad).build())).as("value with %s", code)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'k'").hasMessageContaining(code);
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("k", bad).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'k'");
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("text", bad).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'text'");
        }
        assertThat(alice.list(ImageQuery.all()).items()).hasSize(1);
        assertThat(alice.get(img.id()).version()).isEqualTo(img.version());
    }

    @Test
    void nulIsRefusedInEveryListFilterAsTheCallersError() throws Exception {
        ImageService alice = catalog().images(ALICE);
        alice.create(draft().build());
        List<Consumer<ImageQuery.Builder>> filters = List.of(
                q -> q.names("a\0b"), q -> q.tag("a\0b"), q -> q.property("k\0", "v"), q -> q.property("k", "a\0b"),
                q -> q.owner("a\0b"), q -> q.checksum("a\0b"), q -> q.osHashValue("a\0b"),
                q -> q.diskFormats("raw\0"), q -> q.containerFormats("bare\0"), q -> q.statusNames(List.of("a\0")));
        for (Consumer<ImageQuery.Builder> f : filters) {
            ImageQuery.Builder q = ImageQuery.builder();
            f.accept(q);
            ImageQuery query = q.build();
            assertThatThrownBy(() -> alice.list(query)).as("%s", query).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("U+0000");
        }
        assertThat(alice.list(ImageQuery.all()).items()).hasSize(1);
    }

    // ------------------------------------------------------------------ request sizes

    @Test
    void aListFilterHoldsAtMost1000Values() throws Exception {
        ImageService alice = catalog().images(ALICE);
        Image img = alice.create(draft().build());
        List<String> ids = new ArrayList<>();
        ids.add(img.id());
        while (ids.size() < 1000) {
            ids.add(UUID.randomUUID().toString());
        }
        assertThat(alice.list(ImageQuery.builder().ids(ids).build()).items()).extracting(Image::id)
                .containsExactly(img.id());
        while (ids.size() < 100_000) {
            ids.add(UUID.randomUUID().toString());
        }
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().ids(ids).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ids").hasMessageContaining("1000")
                .hasMessageContaining("limit.list-filter-values");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            names.add("n" + i);
        }
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().names(names).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names");
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().tags(names).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tags");
        assertThatThrownBy(() -> alice.list(ImageQuery.fromParameters(Map.of("id", List.of("in:" + String.join(",",
                ids.subList(0, 1001))))))).isInstanceOf(InvalidInputException.class).hasMessageContaining("ids");
        assertThat(alice.list(ImageQuery.all()).items()).hasSize(1);
    }

    @Test
    void theListFilterLimitIsASetting() throws Exception {
        ImageService alice = catalog(Map.of("limit.list-filter-values", "2")).images(ALICE);
        alice.list(ImageQuery.builder().names("a", "b").build());
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().names("a", "b", "c").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names").hasMessageContaining("2");
    }

    @Test
    void aPatchHoldsAtMost1000Operations() throws Exception {
        ImageService alice = catalog().images(ALICE);
        Image img = alice.create(draft().build());
        ImagePatch.Builder ok = ImagePatch.builder();
        for (int i = 0; i < 1000; i++) {
            ok.replace("name", "n" + i);
        }
        assertThat(alice.update(img.id(), ok.build()).name()).isEqualTo("n999");
        ImagePatch.Builder tooMany = ImagePatch.builder();
        for (int i = 0; i < 1001; i++) {
            tooMany.replace("name", "m" + i);
        }
        ImagePatch big = tooMany.build();
        assertThatThrownBy(() -> alice.update(img.id(), big)).isInstanceOf(TooLargeException.class)
                .hasMessageContaining("1001").hasMessageContaining("limit.image-patch-operations");
        assertThat(alice.get(img.id()).name()).isEqualTo("n999");

        ImageService small = catalog(Map.of("limit.image-patch-operations", "2")).images(ALICE);
        Image other = small.create(draft().build());
        assertThatThrownBy(() -> small.update(other.id(), ImagePatch.builder().add("a", "1").add("b", "2")
                .add("c", "3").build())).isInstanceOf(TooLargeException.class);
        assertThat(small.get(other.id()).properties()).isEmpty();
    }

    // ------------------------------------------------------------------ patch paths

    @Test
    void bothPatchFormsTakeTheSamePathsThroughTheService() throws Exception {
        ImageService alice = catalog().images(ALICE);
        Image img = alice.create(draft().build());
        alice.update(img.id(), ImagePatch.builder().replace("name", "bare").build());
        assertThat(alice.get(img.id()).name()).isEqualTo("bare");
        alice.update(img.id(), ImagePatch.builder().replace("/name", "slash").build());
        assertThat(alice.get(img.id()).name()).isEqualTo("slash");
        alice.update(img.id(), ImagePatch.fromJson("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"json\"}]"));
        assertThat(alice.get(img.id()).name()).isEqualTo("json");

        alice.update(img.id(), ImagePatch.builder().add("/a~1b", "1").add("/c~0d", "2").build());
        alice.update(img.id(), ImagePatch.fromJson("[{\"op\":\"add\",\"path\":\"/e~1f~0g\",\"value\":\"3\"}]"));
        assertThat(alice.get(img.id()).properties()).containsEntry("a/b", "1").containsEntry("c~d", "2")
                .containsEntry("e/f~g", "3").hasSize(3);
        alice.update(img.id(), ImagePatch.fromJson("[{\"op\":\"remove\",\"path\":\"/a~1b\"}]"));
        alice.update(img.id(), ImagePatch.builder().remove("/c~0d").remove("/e~1f~0g").build());
        assertThat(alice.get(img.id()).properties()).isEmpty();

        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("/properties/x", "v").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/properties/x");
        assertThatThrownBy(() -> alice.update(img.id(),
                ImagePatch.fromJson("[{\"op\":\"add\",\"path\":\"/properties/x\",\"value\":\"v\"}]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("/properties/x");
        assertThat(alice.get(img.id()).properties()).isEmpty();
    }
}
