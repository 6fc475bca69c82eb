package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefObject;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.NamespaceQuery;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A closed catalog refuses every call: {@code images()}, {@code metadefs()}, and every method of an
 * {@link ImageService} or {@link MetadefService} obtained before {@code close()}, each really called (found by
 * reflection, so a method added to either interface is covered) with arguments that work on an open catalog.
 */
class ClosedCatalogTest {
    private static final RequestContext ADMIN = RequestContext.admin("p1", "root");

    @Test
    void everyImageServiceCallAfterCloseIsRefusedAsClosed() throws Exception {
        ImageCatalog catalog = ImageCatalog.inMemory();
        ImageService images = catalog.images(ADMIN);
        Image image = images.create(ImageDraft.builder().name("before-close").diskFormat("raw")
                .containerFormat("bare").build());
        // open: the same kind of call works
        assertThat(images.list(ImageQuery.all()).items()).extracting(Image::id).containsExactly(image.id());
        catalog.close();

        List<String> checked = refuseAll(ImageService.class, images, image.id());
        assertThat(checked).contains("create", "get", "list", "update", "delete", "upload", "download", "addMember",
                "usage");
        assertThat(checked).hasSizeGreaterThanOrEqualTo(ImageService.class.getMethods().length);
        assertThatThrownBy(() -> catalog.images(ADMIN)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void everyMetadefServiceCallAfterCloseIsRefusedAsClosed() throws Exception {
        ImageCatalog catalog = ImageCatalog.inMemory();
        MetadefService metadefs = catalog.metadefs(ADMIN);
        metadefs.createNamespace(MetadefNamespace.builder("ns-before-close").build());
        assertThat(metadefs.getNamespace("ns-before-close").namespace()).isEqualTo("ns-before-close");
        catalog.close();

        List<String> checked = refuseAll(MetadefService.class, metadefs, "ns-before-close");
        assertThat(checked).contains("createNamespace", "getNamespace", "listNamespaces", "importNamespaces",
                "validateImageProperties");
        assertThat(checked).hasSizeGreaterThanOrEqualTo(MetadefService.class.getMethods().length);
        assertThatThrownBy(() -> catalog.metadefs(ADMIN)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void everySnapshotAndCacheServiceCallAfterCloseIsRefusedAsClosed() throws Exception {
        ImageCatalog catalog = ImageCatalog.inMemory();
        dev.imagecatalog.snapshot.SnapshotService snapshots = catalog.snapshots(ADMIN);
        dev.imagecatalog.cache.CacheService cache = catalog.cache(ADMIN);
        catalog.close();

        assertThat(refuseAll(dev.imagecatalog.snapshot.SnapshotService.class, snapshots, "instance-1"))
                .contains("snapshot", "backup", "list");
        assertThat(refuseAll(dev.imagecatalog.cache.CacheService.class, cache, "image-1"))
                .contains("list", "queue", "remove", "clear", "prune", "clean");
        assertThatThrownBy(() -> catalog.snapshots(ADMIN)).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> catalog.cache(ADMIN)).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void aServiceOfAnOpenCatalogIsUnaffectedByAnotherCatalogClosing() {
        try (ImageCatalog open = ImageCatalog.inMemory()) {
            ImageService images = open.images(ADMIN);
            ImageCatalog.inMemory().close();
            assertThat(images.create(ImageDraft.builder().name("still-open").build()).name()).isEqualTo("still-open");
        }
    }

    /** Calls every public method of {@code type} on {@code service}; each must throw the closed error. */
    private static <T> List<String> refuseAll(Class<T> type, T service, String id) throws Exception {
        List<String> checked = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = sample(types[i], id);
            }
            try {
                Object result = m.invoke(service, args);
                fail(m + " answered " + result + " on a closed catalog");
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).as(m.toString()).isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("catalog is closed");
            }
            checked.add(m.getName());
        }
        return checked;
    }

    /** A valid argument of {@code type}; a type without a sample fails, so a new method gets one. */
    private static Object sample(Class<?> type, String id) {
        if (type == String.class) {
            return id;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        Map<Class<?>, Object> samples = Map.ofEntries(
                Map.entry(ImageDraft.class, ImageDraft.builder().name("after-close").build()),
                Map.entry(ImagePatch.class, ImagePatch.builder().add("k", "v").build()),
                Map.entry(ImageQuery.class, ImageQuery.all()),
                Map.entry(InputStream.class, new ByteArrayInputStream(new byte[] {1, 2, 3})),
                Map.entry(UploadOptions.class, UploadOptions.defaults()),
                Map.entry(DownloadOptions.class, DownloadOptions.whole()),
                Map.entry(MetadefNamespace.class, MetadefNamespace.builder("ns-after-close").build()),
                Map.entry(MetadefObject.class, MetadefObject.builder("obj").build()),
                Map.entry(MetadefProperty.class, MetadefProperty.builder("prop").type("string").build()),
                Map.entry(NamespaceQuery.class, NamespaceQuery.all()),
                Map.entry(ResourceTypeAssociation.class, ResourceTypeAssociation.of("OS::Glance::Image", null, null)),
                Map.entry(List.class, List.of()),
                Map.entry(boolean.class, Boolean.TRUE),
                Map.entry(LocationValidation.class, LocationValidation.NONE),
                Map.entry(dev.imagecatalog.image.ImportRequest.class, dev.imagecatalog.image.ImportRequest.glanceDirect()),
                Map.entry(dev.imagecatalog.task.TaskQuery.class, dev.imagecatalog.task.TaskQuery.defaults()),
                Map.entry(dev.imagecatalog.snapshot.Instance.class,
                        dev.imagecatalog.snapshot.Instance.builder("instance-1").build()),
                Map.entry(dev.imagecatalog.snapshot.SnapshotOptions.class,
                        dev.imagecatalog.snapshot.SnapshotOptions.defaults()),
                Map.entry(dev.imagecatalog.snapshot.SnapshotQuery.class, dev.imagecatalog.snapshot.SnapshotQuery.all()),
                Map.entry(int.class, 2),
                Map.entry(Map.class, Map.of("k", "v")));
        Object v = samples.get(type);
        if (v == null) {
            fail("no sample argument of type " + type.getName() + ": add one");
        }
        return v;
    }
}
