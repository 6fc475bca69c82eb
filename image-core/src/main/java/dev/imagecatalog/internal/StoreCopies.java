package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.StoreCopyResult;
import java.util.List;

/**
 * One caller's copies of an image's data between stores and removals of it from one store: {@code copy_image}, then
 * pending locations recorded under write intents, one read of the best readable location fanned out to a writer per
 * target through the upload path's bounded buffers, each copy verified (size, MD5, multihash) before its location
 * becomes active; and {@code delete_image_location} for taking the data out of one store.
 */
final class StoreCopies {
    private final AccessControl access;
    private final ImageChanges changes;
    private final ImageStores stores;
    private final WriteIntents writeIntents;
    private final UploadPipeline pipeline;
    private final EventBus events;

    StoreCopies(AccessControl access, ImageChanges changes, ImageStores stores, WriteIntents writeIntents,
                UploadPipeline pipeline, EventBus events) {
        this.access = access;
        this.changes = changes;
        this.stores = stores;
        this.writeIntents = writeIntents;
        this.pipeline = pipeline;
        this.events = events;
    }

    StoreCopyResult copy(String imageId, List<String> storeIds, boolean allMustSucceed) {
        throw new UnsupportedOperationException("copyToStores");
    }

    Image deleteFromStore(String imageId, String storeId) {
        throw new UnsupportedOperationException("deleteFromStore");
    }
}
