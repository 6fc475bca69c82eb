package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.BackupResult;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotQuery;
import dev.imagecatalog.snapshot.SnapshotService;
import java.io.InputStream;
import java.util.List;

/** Snapshots and backups for one caller, made and rotated through that caller's {@link ImageService}. */
final class DefaultSnapshotService implements SnapshotService {
    private final ImageService images;
    private final RequestContext caller;

    DefaultSnapshotService(ImageService images, RequestContext caller) {
        this.images = images;
        this.caller = caller;
    }

    @Override
    public Image snapshot(Instance instance, String name, InputStream data, SnapshotOptions options) {
        throw new UnsupportedOperationException("snapshot");
    }

    @Override
    public BackupResult backup(Instance instance, String name, String backupType, int rotation, InputStream data,
                               SnapshotOptions options) {
        throw new UnsupportedOperationException("backup");
    }

    @Override
    public List<Image> list(String instanceUuid, SnapshotQuery query) {
        throw new UnsupportedOperationException("list");
    }
}
