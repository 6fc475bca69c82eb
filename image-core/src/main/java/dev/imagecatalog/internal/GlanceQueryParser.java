package dev.imagecatalog.internal;

import dev.imagecatalog.image.ImageQuery;
import java.util.List;
import java.util.Map;

/** Parses Glance's list query parameters into {@link ImageQuery}. */
public final class GlanceQueryParser {
    private GlanceQueryParser() {
    }

    public static ImageQuery parse(Map<String, ? extends List<String>> parameters) {
        throw new UnsupportedOperationException("TODO");
    }
}
