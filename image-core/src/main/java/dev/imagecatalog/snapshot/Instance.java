package dev.imagecatalog.snapshot;

import java.util.Objects;

/**
 * The instance whose disk becomes a snapshot or backup: what Nova knows of it when it snapshots.
 *
 * @param uuid         the instance's id ({@code instance_uuid})
 * @param projectId    the project that owns it and will own its images, or null for the caller's project
 * @param userId       the user the images are made for ({@code user_id}), or null for the caller's user
 * @param userName     {@code owner_user_name}, or null if not known
 * @param projectName  {@code owner_project_name}, or null if not known
 * @param baseImageRef the image it was booted from ({@code base_image_ref}; its properties are inherited), or null
 *                     (booted from a volume)
 */
public record Instance(String uuid, String projectId, String userId, String userName, String projectName,
                       String baseImageRef) {
    /**
     * Checks that the uuid is given.
     *
     * @param uuid the instance's id ({@code instance_uuid})
     * @param projectId the project that owns it and will own its images, or null for the caller's project
     * @param userId the user the images are made for ({@code user_id}), or null for the caller's user
     * @param userName {@code owner_user_name}, or null if not known
     * @param projectName {@code owner_project_name}, or null if not known
     * @param baseImageRef the image it was booted from ({@code base_image_ref}; its properties are inherited), or null (booted from a volume)
     */
    public Instance {
        Objects.requireNonNull(uuid, "uuid");
        if (uuid.isBlank()) {
            throw new IllegalArgumentException("an instance uuid must not be blank");
        }
    }

    /**
     * A builder for the instance with this uuid.
     *
     * @param uuid the instance's id
     * @return the builder
     */
    public static Builder builder(String uuid) {
        return new Builder(uuid);
    }

    /** Builds an {@link Instance}. */
    public static final class Builder {
        private final String uuid;
        private String projectId;
        private String userId;
        private String userName;
        private String projectName;
        private String baseImageRef;

        private Builder(String uuid) {
            this.uuid = uuid;
        }

        /**
         * Sets the owning project.
         *
         * @param v the project id, or null for the caller's
         * @return this builder
         */
        public Builder projectId(String v) {
            projectId = v;
            return this;
        }

        /**
         * Sets the user the images are made for.
         *
         * @param v the user id, or null for the caller's
         * @return this builder
         */
        public Builder userId(String v) {
            userId = v;
            return this;
        }

        /**
         * Sets the user's name.
         *
         * @param v {@code owner_user_name}, or null
         * @return this builder
         */
        public Builder userName(String v) {
            userName = v;
            return this;
        }

        /**
         * Sets the project's name.
         *
         * @param v {@code owner_project_name}, or null
         * @return this builder
         */
        public Builder projectName(String v) {
            projectName = v;
            return this;
        }

        /**
         * Sets the image the instance was booted from.
         *
         * @param v its id, or null
         * @return this builder
         */
        public Builder baseImageRef(String v) {
            baseImageRef = v;
            return this;
        }

        /** {@return the instance} */
        public Instance build() {
            return new Instance(uuid, projectId, userId, userName, projectName, baseImageRef);
        }
    }
}
