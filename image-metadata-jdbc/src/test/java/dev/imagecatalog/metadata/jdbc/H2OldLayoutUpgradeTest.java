package dev.imagecatalog.metadata.jdbc;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link OldLayoutUpgradeTest} on a copy of the H2 file written by the previous layout. */
class H2OldLayoutUpgradeTest extends OldLayoutUpgradeTest {
    /** The catalog id the old H2 catalog kept in its {@code catalog_identity} row. */
    private static final String CATALOG_ID = "c3728291-1b98-42fe-80e5-03cf4313b875";

    @TempDir
    Path dir;

    @Override
    OldDatabase oldCatalog() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/old-layout/h2/catalog.mv.db")) {
            Files.copy(in, dir.resolve("catalog.mv.db"));
        }
        return new OldDatabase("jdbc:h2:file:" + dir.resolve("catalog"), null, null, CATALOG_ID);
    }
}
