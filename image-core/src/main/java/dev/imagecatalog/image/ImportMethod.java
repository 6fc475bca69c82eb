package dev.imagecatalog.image;

import java.util.Optional;

/** An image import method, with Glance's names; which ones a catalog offers is its {@code import.methods} setting. */
public enum ImportMethod {
    /** The data staged with {@link ImageService#stage} goes to the stores. */
    GLANCE_DIRECT("glance-direct"),
    /** The catalog downloads a URL, filtered by {@code import.filtering.*}, and stores it. */
    WEB_DOWNLOAD("web-download"),
    /** An active image's data is copied to more stores. */
    COPY_IMAGE("copy-image");

    private final String glanceName;

    ImportMethod(String glanceName) {
        this.glanceName = glanceName;
    }

    /** {@return Glance's name of the method} */
    public String glanceName() {
        return glanceName;
    }

    /**
     * The method of a Glance name.
     *
     * @param name a name such as {@code web-download}
     * @return the method, or empty when the name is none
     */
    public static Optional<ImportMethod> of(String name) {
        for (ImportMethod m : values()) {
            if (m.glanceName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
