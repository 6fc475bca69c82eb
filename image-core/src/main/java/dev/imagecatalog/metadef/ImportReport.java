package dev.imagecatalog.metadef;

import java.util.List;

/**
 * What an import did, by namespace name.
 *
 * @param created  namespaces that did not exist and were created
 * @param skipped  namespaces that existed and were left alone ({@link ExistingNamespacePolicy#SKIP})
 * @param merged   namespaces that existed and received new contents ({@link ExistingNamespacePolicy#MERGE})
 * @param replaced namespaces that existed and were replaced ({@link ExistingNamespacePolicy#REPLACE})
 */
public record ImportReport(List<String> created, List<String> skipped, List<String> merged, List<String> replaced) {
    /**
     * Copies the lists (unmodifiable).
     *
     * @param created  namespaces that did not exist and were created
     * @param skipped  namespaces that existed and were left alone ({@link ExistingNamespacePolicy#SKIP})
     * @param merged   namespaces that existed and received new contents ({@link ExistingNamespacePolicy#MERGE})
     * @param replaced namespaces that existed and were replaced ({@link ExistingNamespacePolicy#REPLACE})
     */
    public ImportReport {
        created = List.copyOf(created);
        skipped = List.copyOf(skipped);
        merged = List.copyOf(merged);
        replaced = List.copyOf(replaced);
    }
}
