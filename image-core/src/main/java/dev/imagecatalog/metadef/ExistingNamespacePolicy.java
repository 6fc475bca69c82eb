package dev.imagecatalog.metadef;

/** What an import does with a namespace that already exists in the catalog. */
public enum ExistingNamespacePolicy {
    /** Leave it as it is (Glance's {@code load_metadefs} default). */
    SKIP,
    /**
     * Keep it and its contents, and add the associations, properties, objects and tags of the file whose names it
     * does not have yet (Glance's {@code --merge}).
     */
    MERGE,
    /**
     * Replace it and all its contents by the file's, even if protected (Glance's {@code --merge --overwrite});
     * administrators only.
     */
    REPLACE
}
