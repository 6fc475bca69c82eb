package dev.imagecatalog.internal;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;

/** The service contract on the in-memory fake: {@link ImageCatalog#inMemory()}. */
class InMemoryImageServiceTest extends ImageServiceContract {
    @Override
    protected ImageCatalog createCatalog() {
        return ImageCatalog.inMemory();
    }
}
