package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.policy.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Property protections leave no oracle: for a caller who may not read a property, every answer — list filters on
 * it, and {@code add}/{@code replace}/{@code remove} of it in a patch — is the same whether the stored image has
 * the property set to {@code v}, set to {@code w}, or not at all (same result, same error kind, same message).
 * A metadata module extends it and returns a fresh catalog over its back-end from {@link #createCatalog(Map)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PropertyProtectionContract {

    /** A fresh, empty catalog over the back-end under test with {@code settings} added (core keys). */
    protected abstract ImageCatalog createCatalog(Map<String, String> settings) throws Exception;

    /**
     * {@code x_wo_*}: members may create, update and delete but not read (write-only); {@code x_locked_*}: members
     * may create only. Admins may do everything; {@code auditor} may read both.
     */
    public static final Map<String, String> PROTECTIONS = Map.ofEntries(
            Map.entry("property-protection.1.pattern", "^x_wo_"),
            Map.entry("property-protection.1.create", "admin,member"),
            Map.entry("property-protection.1.read", "admin,auditor"),
            Map.entry("property-protection.1.update", "admin,member"),
            Map.entry("property-protection.1.delete", "admin,member"),
            Map.entry("property-protection.2.pattern", "^x_locked_"),
            Map.entry("property-protection.2.create", "admin,member"),
            Map.entry("property-protection.2.read", "admin,auditor"),
            Map.entry("property-protection.2.update", "admin"),
            Map.entry("property-protection.2.delete", "admin"));

    /** The three states of the stored image: the hidden property set to v, set to w, absent. */
    private static final String[] STATES = {"v", "w", null};

    private ImageCatalog catalog;

    private synchronized ImageCatalog catalog() throws Exception {
        if (catalog == null) {
            catalog = createCatalog(PROTECTIONS);
        }
        return catalog;
    }

    @AfterAll
    void closeCatalog() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private static String project() {
        return "pp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An image of {@code project} with {@code plain=1} and, unless {@code value} is null, {@code key=value}. */
    private Image image(String project, String key, String value) throws Exception {
        ImageService admin = catalog().images(RequestContext.admin(project, "root"));
        ImageDraft.Builder d = ImageDraft.builder().name("img-" + value).owner(project).property("plain", "1");
        if (value != null) {
            d.property(key, value);
        }
        return admin.create(d.build());
    }

    @Test
    void aListFilterOnAnUnreadablePropertyMatchesNothingWhateverIsStored() throws Exception {
        for (String key : List.of("x_wo_code", "x_locked_code")) {
            String project = project();
            Map<String, Image> byState = new LinkedHashMap<>();
            for (String state : STATES) {
                byState.put(String.valueOf(state), image(project, key, state));
            }
            ImageService member = catalog().images(RequestContext.member(project, "m"));
            ImageService auditor = catalog().images(new RequestContext(project, "a",
                    java.util.Set.of("member", "reader", "auditor")));
            for (String asked : List.of("v", "w", "x")) {
                ImageQuery q = ImageQuery.builder().property(key, asked).build();
                assertThat(member.list(q).items()).as("member filtering %s=%s", key, asked).isEmpty();
                assertThat(member.list(q.toBuilder().property("plain", "1").sort(SortKey.NAME,
                        SortOrder.Direction.ASC).build()).items()).isEmpty();
                assertThat(member.list(q.toBuilder().limit(1).build()).nextMarker()).isNull();
                // the filter really works for a caller who may read it (so the empty answer above is the rule)
                List<String> expected = byState.containsKey(asked) ? List.of(byState.get(asked).id()) : List.of();
                assertThat(auditor.list(q).items()).extracting(Image::id).containsExactlyElementsOf(expected);
            }
            // a readable filter still works and shows no trace of the hidden property
            List<Image> plain = member.list(ImageQuery.builder().property("plain", "1").build()).items();
            assertThat(plain).hasSize(3).allSatisfy(i -> assertThat(i.properties()).containsOnlyKeys("plain"));
        }
    }

    @Test
    void patchingAnUnreadablePropertyAnswersTheSameWhetherItIsSetOrAbsent() throws Exception {
        List<Supplier<ImagePatch>> patches = List.of(
                () -> ImagePatch.builder().add("K", "new").build(),
                () -> ImagePatch.builder().replace("K", "new").build(),
                () -> ImagePatch.builder().remove("K").build(),
                () -> ImagePatch.builder().add("K", "new").replace("K", "newer").build(),
                () -> ImagePatch.builder().add("K", "new").remove("K").build(),
                () -> ImagePatch.builder().add("other", "o").build());
        for (String key : List.of("x_wo_code", "x_locked_code")) {
            for (int p = 0; p < patches.size(); p++) {
                List<String> answers = new ArrayList<>();
                for (String state : STATES) {
                    String project = project();
                    Image img = image(project, key, state);
                    ImageService member = catalog().images(RequestContext.member(project, "m"));
                    ImagePatch patch = rename(patches.get(p).get(), key);
                    answers.add(outcome(img.id(), () -> member.update(img.id(), patch).properties().toString()));
                    answers.add(outcome(img.id(), () -> member.get(img.id()).properties().toString()));
                    // what the caller was told "does not exist" or was refused was left as stored
                    Map<String, String> stored = catalog().images(RequestContext.admin(project, "root"))
                            .get(img.id()).properties();
                    if (answers.get(answers.size() - 2).contains("Exception")) {
                        assertThat(stored.get(key)).as("%s after a refused %s", key, patch).isEqualTo(state);
                    } else if (!patch.operations().get(0).path().equals(key)) {
                        assertThat(stored.get(key)).as("%s kept by an unrelated patch", key).isEqualTo(state);
                    }
                }
                assertThat(answers.subList(2, 4)).as("patch %d of %s: answers for w (then absent) equal those for v",
                        p, key).isEqualTo(answers.subList(0, 2));
                assertThat(answers.subList(4, 6)).as("patch %d of %s: answers when absent equal those for v", p, key)
                        .isEqualTo(answers.subList(0, 2));
            }
        }
    }

    @Test
    void theRefusalsAreThoseOfAnAbsentProperty() throws Exception {
        String project = project();
        Image img = image(project, "x_locked_code", "v");
        ImageService member = catalog().images(RequestContext.member(project, "m"));
        String replace = outcome(img.id(), () -> member.update(img.id(),
                ImagePatch.builder().replace("x_locked_code", "w").build()).toString());
        String replaceAbsent = outcome(img.id(), () -> member.update(img.id(),
                ImagePatch.builder().replace("never_set", "w").build()).toString());
        assertThat(replace).isEqualTo(replaceAbsent.replace("never_set", "x_locked_code"))
                .startsWith("ConflictException").contains("does not exist");
        // add of an unreadable key is a create: members may create x_locked_ keys, so it is accepted (Glance)
        assertThat(outcome(img.id(), () -> member.update(img.id(), ImagePatch.builder().add("x_locked_code", "w")
                .build()).properties().toString())).isEqualTo("{plain=1}");
    }

    private static ImagePatch rename(ImagePatch template, String key) {
        ImagePatch.Builder b = ImagePatch.builder();
        for (ImagePatch.Operation op : template.operations()) {
            String path = op.path().equals("K") ? key : op.path();
            switch (op.op()) {
                case ADD: b.add(path, op.value()); break;
                case REPLACE: b.replace(path, op.value()); break;
                default: b.remove(path);
            }
        }
        return b.build();
    }

    /** The call's result, or its exception's kind and message, with the image id taken out. */
    private static String outcome(String imageId, Supplier<String> call) {
        try {
            return call.get().replace(imageId, "<id>");
        } catch (ImageCatalogException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replace(imageId, "<id>");
        }
    }
}
