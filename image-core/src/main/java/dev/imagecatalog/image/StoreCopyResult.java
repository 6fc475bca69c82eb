package dev.imagecatalog.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ImageService#copyToStores} did.
 *
 * @param image   the image after the copy (its {@code stores} include every store copied to)
 * @param copied  the stores that now hold a verified copy, in the order asked
 * @param skipped the stores asked for that already held the image
 * @param failed  the stores whose copy failed, with why (nothing of theirs remains)
 */
public record StoreCopyResult(Image image, List<String> copied, List<String> skipped, Map<String, String> failed) {

    /**
     * Checks and copies the components.
     *
     * @param image   the image after the copy
     * @param copied  the stores copied to
     * @param skipped the stores that already held it
     * @param failed  the failed stores and why
     * @throws NullPointerException if a component is null
     */
    public StoreCopyResult {
        Objects.requireNonNull(image, "image");
        copied = List.copyOf(copied);
        skipped = List.copyOf(skipped);
        failed = Map.copyOf(failed);
    }
}
