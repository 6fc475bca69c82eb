package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import java.io.InputStream;

/**
 * One caller's stage and import, top to bottom: staging (queued -> uploading), the import's checks, its lock
 * ({@code os_glance_import_task}) and task, and the work on the import workers: the data into staging (glance-direct:
 * already there; web-download: fetched), the plug-ins, the format inspection, the stores, then active (or back to
 * queued) and the staging removed.
 */
final class ImportFlow {
    private final AccessControl access;
    private final ImportParts parts;

    ImportFlow(AccessControl access, ImageChanges changes, MetadataRepository repo, ImageStores stores,
               CatalogConfig config, QuotaLedger quotas, WriteIntents writeIntents, UploadPipeline pipeline,
               UploadFormatCheck formatCheck, EventBus events, StoreCopies copies, ImportParts parts) {
        this.access = access;
        this.parts = parts;
    }

    Image stage(String imageId, InputStream data, UploadOptions options) {
        throw new UnsupportedOperationException("ImportFlow.stage");
    }

    Task importImage(String imageId, ImportRequest request) {
        throw new UnsupportedOperationException("ImportFlow.importImage");
    }
}
