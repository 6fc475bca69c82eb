package dev.imagecatalog.metadef;

import java.util.List;
import java.util.Map;

/** The definitions that apply to images ({@link MetadefResourceType#GLANCE_IMAGE}), and checking images by them. */
final class ImageDefinitions {
    private final MetadefStore store;
    private final boolean validate;

    ImageDefinitions(MetadefStore store, boolean validate) {
        this.store = store;
        this.validate = validate;
    }

    boolean validationEnabled() {
        return validate;
    }

    /**
     * When on, checks by the definitions of every namespace in the caller's scope (Glance's namespace
     * visibility), whatever the read rules say: reading definitions and being held to them are separate.
     */
    void validate(Map<String, String> properties) {
        if (validate) {
            MetadefValidator.forImages(store.inScope()).validate(properties);
        }
    }

    /** The definitions of the namespaces the caller sees that apply to these properties. */
    List<ApplicableDefinition> definitionsFor(Map<String, String> properties) {
        return MetadefValidator.forImages(store.visible()).definitionsFor(properties);
    }
}
