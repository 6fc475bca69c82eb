package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.function.UnaryOperator;

/**
 * A caller's change to one image record, saved by compare-and-set: read the image as the caller sees it, check the
 * caller may change it (the rule, then ownership), compute the change and store it only if nobody changed the image
 * in between; else start again from the fresh image, so the change is checked again.
 */
final class ImageChanges {
    private final AccessControl access;
    private final MetadataRepository repo;

    ImageChanges(AccessControl access, MetadataRepository repo) {
        this.access = access;
        this.repo = repo;
    }

    /**
     * Applies {@code change} under {@code rule}; a change that returns the same image saves nothing.
     *
     * @return the stored image (or the unchanged one)
     * @throws ConflictException if other writers kept changing the image
     */
    Image apply(String imageId, String rule, String action, UnaryOperator<Image> change) {
        return CompareAndSet.retry(() -> {
            Image current = access.toChange(imageId, rule, action).image();
            Image next = change.apply(current);
            return next == current ? current : repo.update(next);
        }, () -> new ConflictException("image " + imageId + " keeps changing concurrently; gave up to " + action
                + " it"));
    }
}
