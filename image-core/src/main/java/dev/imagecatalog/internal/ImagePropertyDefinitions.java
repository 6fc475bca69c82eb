package dev.imagecatalog.internal;

import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.policy.RequestContext;
import java.util.Map;

/**
 * Checks custom properties an image is about to get against the image metadata definitions, when
 * {@code metadefs.validate-image-properties} is on and the metadata back-end keeps definitions.
 */
final class ImagePropertyDefinitions {
    private final MetadefServiceFactory metadefs;

    /** {@code metadefs} null when the back-end keeps no definitions (then nothing is checked). */
    ImagePropertyDefinitions(MetadefServiceFactory metadefs) {
        this.metadefs = metadefs;
    }

    /** Refuses properties the definitions do not allow (as the metadefs service says); else does nothing. */
    void validate(RequestContext ctx, Map<String, String> properties) {
        if (metadefs != null && metadefs.validatesImageProperties() && !properties.isEmpty()) {
            metadefs.forContext(ctx).validateImageProperties(properties);
        }
    }
}
