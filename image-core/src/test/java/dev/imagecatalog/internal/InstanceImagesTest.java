package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotKind;
import dev.imagecatalog.snapshot.SnapshotOptions;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Paging through an instance's images, and a listing whose marker a purge removed (refused as invalid input). */
class InstanceImagesTest {
    private static final RequestContext ALICE = RequestContext.member("p1", "alice");
    private static ImageCatalog catalog;
    private static Instance vm;
    private static List<String> newestFirst;

    @BeforeAll
    static void start() {
        catalog = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").setting("list.limit.default", "2").build();
        vm = Instance.builder(UUID.randomUUID().toString()).build();
        for (int i = 0; i < 5; i++) {
            catalog.snapshots(ALICE).snapshot(vm, "s" + i, new ByteArrayInputStream(new byte[16]),
                    SnapshotOptions.defaults());
        }
        newestFirst = List.of("s4", "s3", "s2", "s1", "s0");
    }

    @AfterAll
    static void stop() {
        catalog.close();
    }

    /** The caller's image service, refusing the first {@code refusals} pages asked for with a marker. */
    private static ImageService refusingMarkers(int refusals, AtomicInteger firstPages) {
        ImageService real = catalog.images(ALICE);
        AtomicInteger left = new AtomicInteger(refusals);
        return (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        if (((ImageQuery) args[0]).marker() == null) {
                            firstPages.incrementAndGet();
                        } else if (left.getAndDecrement() > 0) {
                            throw new InvalidInputException("invalid marker: no such image");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<String> names(ImageService images) {
        return InstanceImages.all(images, InstanceImages.query(vm.uuid(), SnapshotKind.SNAPSHOT, null).build())
                .stream().map(Image::name).toList();
    }

    @Test
    void everyPageIsReadNewestFirst() {
        AtomicInteger firstPages = new AtomicInteger();
        assertThat(names(refusingMarkers(0, firstPages))).containsExactlyElementsOf(newestFirst);
        assertThat(firstPages).hasValue(1);
    }

    @Test
    void aRefusedMarkerRestartsTheListingFromTheFirstPage() {
        AtomicInteger firstPages = new AtomicInteger();
        assertThat(names(refusingMarkers(2, firstPages))).containsExactlyElementsOf(newestFirst);
        assertThat(firstPages).hasValue(3);
    }

    @Test
    void markersRefusedAgainAndAgainEndInTheError() {
        AtomicInteger firstPages = new AtomicInteger();
        assertThatThrownBy(() -> names(refusingMarkers(3, firstPages))).isInstanceOf(InvalidInputException.class);
        assertThat(firstPages).hasValue(3);
    }
}
