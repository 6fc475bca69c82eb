package dev.imagecatalog.snapshot;

/** Nova's {@code image_type} values for images made from instances. */
public enum SnapshotKind {
    /** {@code image_type=snapshot}. */
    SNAPSHOT("snapshot"),
    /** {@code image_type=backup}. */
    BACKUP("backup");

    private final String value;

    SnapshotKind(String value) {
        this.value = value;
    }

    /** {@return the {@code image_type} property value} */
    public String value() {
        return value;
    }
}
