package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.net.AddressRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings of imports and tasks, validated once at build time.
 *
 * @param methods         {@code import.methods}: the enabled import methods, in the order given
 * @param workers         {@code import.workers}: how many imports run at once
 * @param stagingDir      {@code import.staging-dir}: the staging area (default: {@code imagecatalog-staging} in
 *                        the JVM's temporary directory)
 * @param plugins         {@code import.plugins}: the import plug-ins' names, in the order they run
 * @param filtering       {@code import.filtering.*}: which URLs web-download may fetch (Glance's
 *                        {@code import_filtering_opts} plus allowed networks)
 * @param connectTimeout  {@code import.web-download.connect-timeout}
 * @param readTimeout     {@code import.web-download.read-timeout}
 * @param maxRedirects    {@code import.web-download.max-redirects}
 * @param pluginSettings  every {@code import.plugin.*} key, the prefix kept
 * @param taskTimeToLive  {@code tasks.time-to-live}: how long an ended task is kept
 */
record ImportConfig(List<ImportMethod> methods, int workers, Path stagingDir, List<String> plugins,
                    AddressRules filtering, Duration connectTimeout, Duration readTimeout, int maxRedirects,
                    Settings pluginSettings, Duration taskTimeToLive) {

    private static final SettingsSpec FILTERING = SettingsSpec.of("import.filtering").with(AddressRules.SETTINGS);

    ImportConfig {
        methods = List.copyOf(methods);
        plugins = List.copyOf(plugins);
    }

    /** The values of {@code s}, which {@link CoreSettings#check} has checked key by key. */
    static ImportConfig from(Settings s) {
        List<ImportMethod> methods = new ArrayList<>();
        for (String name : s.value(CoreSettings.IMPORT_METHODS)) {
            ImportMethod m = ImportMethod.of(name).orElseThrow(() -> s.bad(CoreSettings.IMPORT_METHODS.key(),
                    String.join(",", s.value(CoreSettings.IMPORT_METHODS)),
                    "import methods among glance-direct, web-download, copy-image ('" + name + "' is none)"));
            if (!methods.contains(m)) {
                methods.add(m);
            }
        }
        Path staging = s.optional(CoreSettings.IMPORT_STAGING_DIR)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "imagecatalog-staging"));
        Settings filteringKeys = FILTERING.check(s.scoped(CoreSettings.IMPORT_FILTERING_PREFIX));
        return new ImportConfig(methods, s.value(CoreSettings.IMPORT_WORKERS), staging,
                s.value(CoreSettings.IMPORT_PLUGINS), AddressRules.from(filteringKeys),
                s.value(CoreSettings.IMPORT_CONNECT_TIMEOUT), s.value(CoreSettings.IMPORT_READ_TIMEOUT),
                s.value(CoreSettings.IMPORT_MAX_REDIRECTS), s, s.value(CoreSettings.TASKS_TIME_TO_LIVE));
    }

    /** {@return whether {@code m} is enabled} */
    boolean enabled(ImportMethod m) {
        return methods.contains(m);
    }

    /** {@return the enabled methods as a set} */
    Set<ImportMethod> methodSet() {
        return Set.copyOf(methods);
    }
}
