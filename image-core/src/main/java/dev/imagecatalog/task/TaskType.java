package dev.imagecatalog.task;

import java.util.Optional;

/** A task's type, with Glance's names. */
public enum TaskType {
    /** The legacy {@code import} task a caller creates with {@code POST /v2/tasks}. */
    IMPORT("import"),
    /** The task of an image import ({@code POST /v2/images/{id}/import}). */
    API_IMAGE_IMPORT("api_image_import"),
    /** The task that hashes a location added by a service. */
    LOCATION_IMPORT("location_import");

    private final String glanceName;

    TaskType(String glanceName) {
        this.glanceName = glanceName;
    }

    /** {@return Glance's name of the type} */
    public String glanceName() {
        return glanceName;
    }

    /**
     * The type of a Glance name.
     *
     * @param name a name such as {@code api_image_import}
     * @return the type, or empty when the name is none
     */
    public static Optional<TaskType> of(String name) {
        for (TaskType t : values()) {
            if (t.glanceName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
