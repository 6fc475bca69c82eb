package dev.imagecatalog.memory;

import dev.imagecatalog.contract.ImportRulesContract;
import java.util.Map;

/** The import contract with a memory store under test and memory metadata. */
class MemoryImportTest extends ImportRulesContract {
    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "memory");
    }
}
