package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import org.junit.jupiter.api.Test;

/** Core's own settings: every key outside the plug-ins' prefixes is declared, or refused naming it. */
class CatalogSettingsTest {

    private static ImageCatalog.Builder memory() {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory");
    }

    private static void refused(ImageCatalog.Builder b, String... fragments) {
        assertThatThrownBy(b::build).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItLooksLike() {
        refused(memory().setting("qouta.image-count-total", "3"), "unknown setting 'qouta.image-count-total'",
                "did you mean 'quota.image-count-total'?");
        refused(memory().setting("upload.buffer-sise", "64KiB"), "'upload.buffer-sise'", "'upload.buffer-size'");
        refused(memory().setting("recovery.orphan-grace-period", "2h"), "'recovery.orphan-grace-period'");
        refused(memory().setting("color", "blue"), "unknown setting 'color'");
    }

    @Test
    void aKeyOfAStoreNotInStoresIsRefused() {
        refused(memory().setting("store.archive.type", "memory"), "unknown setting 'store.archive.type'",
                "'stores' [mem]");
    }

    @Test
    void openPrefixesTakeNamesCoreCannotList() throws Exception {
        try (ImageCatalog c = memory().setting("policy.my_rule", "role:admin")
                .setting("property-protection.1.pattern", "^x_").setting("property-protection.1.create", "admin")
                .setting("property-protection.1.read", "@").setting("property-protection.1.update", "admin")
                .setting("property-protection.1.delete", "admin")
                .setting("quota.project.p1.image-count-total", "3").build()) {
            assertThat(c.catalogId()).isNotEmpty();
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheKey() {
        refused(memory().setting("upload.buffers", "0"), "'upload.buffers'", "from 1 to 1024");
        refused(memory().setting("upload.buffer-size", "512MiB"), "'upload.buffer-size'", "between 4KiB and 256MiB");
        refused(memory().setting("events.listener-timeout", "0s"), "'events.listener-timeout'", "at least 1ms");
        refused(memory().setting("limit.image-patch-operations", "0"), "'limit.image-patch-operations'");
    }

    @Test
    void aMissingUnitIsRefusedNamingTheKey() {
        refused(memory().setting("upload.buffer-size", "65536"), "'upload.buffer-size'", "the unit is missing");
        refused(memory().setting("image.size-cap", "1099511627776"), "'image.size-cap'", "the unit is missing");
        refused(memory().setting("quota.image-size-total", "100"), "'quota.image-size-total'", "unit is missing");
        refused(memory().setting("recovery.orphan-grace", "3600"), "'recovery.orphan-grace'", "the unit is missing");
    }
}
