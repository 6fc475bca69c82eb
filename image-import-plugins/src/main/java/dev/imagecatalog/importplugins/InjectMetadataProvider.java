package dev.imagecatalog.importplugins;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.ImportPluginProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code inject-metadata} import plug-in (Glance's {@code inject_image_metadata}). Settings (under
 * {@code import.plugin.inject-metadata.}): {@code properties.<key> = <value>}, one key per property to set (the
 * value is taken as written, commas and all); {@code ignore-roles}, the roles whose imports get nothing (default
 * {@code admin}). A key starting with {@code os_glance}, naming an image attribute, or longer than 255 characters
 * fails the catalog's build.
 */
public final class InjectMetadataProvider implements ImportPluginProvider {
    /** The plug-in's name in {@code import.plugins}. */
    public static final String NAME = "inject-metadata";
    static final String PROPERTIES = "properties.";
    static final Setting<List<String>> IGNORE_ROLES = Setting.list("ignore-roles").defaultValue(List.of("admin"));
    static final SettingsSpec SPEC = SettingsSpec.of("inject-metadata import plug-in", IGNORE_ROLES)
            .withOpenPrefix(PROPERTIES);
    /** The image's own attributes: never extra properties. */
    private static final Set<String> ATTRIBUTES = Set.of("id", "name", "status", "visibility", "protected",
            "os_hidden", "checksum", "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "disk_format",
            "container_format", "min_disk", "min_ram", "created_at", "updated_at", "deleted", "deleted_at", "tags",
            "file", "schema", "self", "locations", "direct_url", "stores");

    /** Made by {@link java.util.ServiceLoader}. */
    public InjectMetadataProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImportPlugin create(Settings settings) {
        Settings s = SPEC.check(settings);
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, String> e : s.scoped(PROPERTIES).asMap().entrySet()) {
            String key = e.getKey();
            String fullKey = s.fullKey(PROPERTIES + key);
            if (key.isEmpty() || key.length() > 255) {
                throw new CatalogConfigurationException("invalid setting '" + fullKey + "': a property key has 1 to "
                        + "255 characters");
            }
            if (key.startsWith("os_glance")) {
                throw new CatalogConfigurationException("invalid setting '" + fullKey + "': os_glance* properties "
                        + "are reserved and cannot be injected");
            }
            if (ATTRIBUTES.contains(key)) {
                throw new CatalogConfigurationException("invalid setting '" + fullKey + "': '" + key + "' is an "
                        + "image attribute, not a property");
            }
            properties.put(key, e.getValue() == null ? "" : e.getValue());
        }
        return new InjectMetadata(properties, s.value(IGNORE_ROLES));
    }
}
