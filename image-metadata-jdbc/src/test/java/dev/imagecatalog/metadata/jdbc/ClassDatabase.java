package dev.imagecatalog.metadata.jdbc;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestDatabase} for a test class. Register it as a static {@code @RegisterExtension} field: it creates
 * the database before the class and drops it after the class.
 */
class ClassDatabase implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase.Kind kind;
    private TestDatabase db;

    ClassDatabase(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = TestDatabase.create(kind);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    /** The class's database (created before the class). */
    TestDatabase get() {
        return db;
    }

    /** Catalog settings: a fresh, empty catalog in this database ({@link TestDatabase#freshCatalogSettings}) and a memory store. */
    Map<String, String> catalogSettingsWithMemoryStore() {
        return withMemoryStore(db.freshCatalogSettings());
    }

    /** {@code metadataSettings} plus one memory store, {@code mem}. */
    static Map<String, String> withMemoryStore(Map<String, String> metadataSettings) {
        Map<String, String> settings = new HashMap<>(metadataSettings);
        settings.put("stores", "mem");
        settings.put("store.mem.type", "memory");
        return settings;
    }
}
