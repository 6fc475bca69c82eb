package dev.imagecatalog.importplugins;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.StagedImage;
import java.util.List;
import java.util.Map;

/**
 * Glance's {@code inject_image_metadata}: sets the configured properties on every imported image, unless the
 * caller has one of the ignored roles.
 */
final class InjectMetadata implements ImportPlugin {
    private final Map<String, String> properties;
    private final List<String> ignoreRoles;

    /**
     * @param properties  the properties to set (no {@code os_glance*} key)
     * @param ignoreRoles the roles whose imports are left alone (compared case-insensitively)
     */
    InjectMetadata(Map<String, String> properties, List<String> ignoreRoles) {
        this.properties = Map.copyOf(properties);
        this.ignoreRoles = List.copyOf(ignoreRoles);
    }

    @Override
    public void apply(StagedImage image) {
        RequestContext caller = image.caller();
        if (ignoreRoles.stream().anyMatch(caller::hasRole)) {
            return;
        }
        properties.forEach(image::setProperty);
    }
}
