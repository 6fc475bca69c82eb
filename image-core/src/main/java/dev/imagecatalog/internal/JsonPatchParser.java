package dev.imagecatalog.internal;

import dev.imagecatalog.image.ImagePatch;

/** Parses Glance's JSON-patch documents into {@link ImagePatch}. */
public final class JsonPatchParser {
    private JsonPatchParser() {
    }

    public static ImagePatch parse(String json) {
        throw new UnsupportedOperationException("TODO");
    }
}
