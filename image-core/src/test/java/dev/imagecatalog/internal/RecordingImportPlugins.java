package dev.imagecatalog.internal;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.ImportPluginProvider;

/**
 * Two test import plug-ins ({@code first}, {@code second}) that record their run in the staged image's progress
 * messages; each reads {@code label} (a string) and {@code times} (1 to 3), so a bad setting fails their build.
 */
final class RecordingImportPlugins {
    static final Setting<String> LABEL = Setting.string("label");
    static final Setting<Integer> TIMES = Setting.integer("times").range(1, 3).defaultValue(1);

    private RecordingImportPlugins() {
    }

    private static ImportPlugin plugin(String name, Settings given) {
        Settings s = SettingsSpec.of(name + " import plug-in", LABEL, TIMES).check(given);
        String label = s.optional(LABEL).orElse(name);
        int times = s.value(TIMES);
        return image -> {
            for (int i = 0; i < times; i++) {
                image.progress(name + ":" + label);
            }
        };
    }

    /** The plug-in named {@code first}. */
    public static final class First implements ImportPluginProvider {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public ImportPlugin create(Settings settings) {
            return plugin(name(), settings);
        }
    }

    /** The plug-in named {@code second}. */
    public static final class Second implements ImportPluginProvider {
        @Override
        public String name() {
            return "second";
        }

        @Override
        public ImportPlugin create(Settings settings) {
            return plugin(name(), settings);
        }
    }
}
