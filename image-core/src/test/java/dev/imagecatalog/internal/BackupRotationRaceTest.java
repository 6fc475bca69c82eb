package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotOptions;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rotation whose delete loses to another rotation's, made to happen every time: the caller's image service deletes
 * each backup once on another rotation's behalf just before the rotation's own delete reaches it.
 */
class BackupRotationRaceTest {
    @ParameterizedTest(name = "delete.delayed={0}, admin={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void aBackupAnotherRotationDeletedFirstIsNeitherRotatedNorSkipped(boolean delayed, boolean admin) {
        // whoever calls, with or without delayed delete, the losing delete finds the image gone
        RequestContext caller = admin ? RequestContext.admin("p1", "root") : RequestContext.member("p1", "alice");
        try (ImageCatalog catalog = ImageCatalog.builder().setting("metadata.type", "memory")
                .setting("stores", "mem").setting("store.mem.type", "memory")
                .setting("delete.delayed", Boolean.toString(delayed)).build()) {
            Instance vm = Instance.builder(UUID.randomUUID().toString()).build();
            for (int i = 0; i < 3; i++) {
                catalog.snapshots(caller).backup(vm, "b" + i, "daily", 10, new ByteArrayInputStream(new byte[64]),
                        SnapshotOptions.defaults());
            }
            ImageService real = catalog.images(caller);
            ImageService racing = (ImageService) Proxy.newProxyInstance(ImageService.class.getClassLoader(),
                    new Class<?>[] {ImageService.class}, (proxy, method, args) -> {
                        if (method.getName().equals("delete")) {
                            real.delete((String) args[0]); // the other rotation wins
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            BackupRotation.Outcome outcome = BackupRotation.rotate(racing, vm.uuid(), "daily", 1);
            assertThat(outcome.rotated()).isEmpty();
            assertThat(outcome.skipped()).isEmpty();
            assertThat(catalog.snapshots(caller).list(vm.uuid(), dev.imagecatalog.snapshot.SnapshotQuery.all())
                    .stream().filter(i -> i.status() == dev.imagecatalog.image.ImageStatus.ACTIVE).map(Image::name))
                    .containsExactly("b2");
        }
    }
}
