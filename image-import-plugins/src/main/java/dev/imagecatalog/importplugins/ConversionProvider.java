package dev.imagecatalog.importplugins;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.ImportPluginProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code conversion} import plug-in (Glance's {@code image_conversion}): staged data is checked by the format
 * inspector and by a resource-limited {@code qemu-img info}, then converted with {@code qemu-img convert}. Needs
 * {@code qemu-img} and {@code prlimit} on the {@code PATH}: without them a catalog listing {@code conversion} in
 * {@code import.plugins} does not build. Settings (under {@code import.plugin.conversion.}): {@code output-format}
 * (raw, qcow2 or vmdk; default raw), {@code cpu-seconds} (2) and {@code address-space} (1GiB) for
 * {@code qemu-img info}, {@code convert-address-space} (2GiB) for {@code qemu-img convert}, {@code timeout} (1h, each
 * run's wall-clock time and the CPU time of {@code qemu-img convert}), {@code vmdk-allowed-types} (streamOptimized, monolithicSparse) and
 * {@code max-virtual-size} (1TiB, the largest virtual size converted: a raw output is that large).
 */
public final class ConversionProvider implements ImportPluginProvider {
    /** The plug-in's name in {@code import.plugins}. */
    public static final String NAME = "conversion";
    static final Setting<String> OUTPUT_FORMAT = Setting.choice("output-format", "raw", "qcow2", "vmdk")
            .defaultValue("raw");
    static final Setting<Integer> CPU_SECONDS = Setting.integer("cpu-seconds").range(1, 3600).defaultValue(2);
    static final Setting<Long> ADDRESS_SPACE = Setting.size("address-space").atLeast(1L << 20).defaultValue(1L << 30);
    static final Setting<Long> CONVERT_ADDRESS_SPACE = Setting.size("convert-address-space").atLeast(1L << 20)
            .defaultValue(2L << 30);
    static final Setting<Duration> TIMEOUT = Setting.duration("timeout").atLeast(Duration.ofSeconds(1))
            .defaultValue(Duration.ofHours(1));
    static final Setting<List<String>> VMDK_ALLOWED_TYPES = Setting.list("vmdk-allowed-types")
            .defaultValue(List.of("streamOptimized", "monolithicSparse"));
    static final Setting<Long> MAX_VIRTUAL_SIZE = Setting.size("max-virtual-size").atLeast(1L)
            .defaultValue(1L << 40);
    static final SettingsSpec SPEC = SettingsSpec.of("conversion import plug-in", OUTPUT_FORMAT, CPU_SECONDS,
            ADDRESS_SPACE, CONVERT_ADDRESS_SPACE, TIMEOUT, VMDK_ALLOWED_TYPES, MAX_VIRTUAL_SIZE);

    private final String path;

    /** Made by {@link java.util.ServiceLoader}: finds the programs on the process's {@code PATH}. */
    public ConversionProvider() {
        this(System.getenv("PATH"));
    }

    /** Finds the programs on {@code path} (directories separated by the platform's path separator). */
    ConversionProvider(String path) {
        this.path = path == null ? "" : path;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImportPlugin create(Settings settings) {
        Settings s = SPEC.check(settings);
        String timeoutKey = s.fullKey(TIMEOUT.key());
        Duration timeout = s.value(TIMEOUT);
        QemuImg qemuImg = new QemuImg(program("qemu-img"), program("prlimit"));
        return new Conversion(qemuImg, s.value(OUTPUT_FORMAT),
                new QemuImg.Limits(s.value(CPU_SECONDS), s.value(ADDRESS_SPACE), timeout, timeoutKey),
                new QemuImg.Limits(cpuBound(timeout), s.value(CONVERT_ADDRESS_SPACE), timeout, timeoutKey),
                s.value(VMDK_ALLOWED_TYPES), s.value(MAX_VIRTUAL_SIZE), s.fullKey(MAX_VIRTUAL_SIZE.key()));
    }

    /**
     * The CPU seconds of {@code qemu-img convert}: the timeout's, so the kernel stops a conversion whose catalog
     * died before it could kill it (CPU time never outruns wall-clock time, so this never ends a run sooner).
     */
    static int cpuBound(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toMillis() + 999) / 1000));
    }

    private Path program(String name) {
        return onPath(path, name).orElseThrow(() -> new CatalogConfigurationException("invalid setting "
                + "'import.plugins': the conversion plug-in runs " + name + ", and " + name + " not found on the "
                + "PATH (" + path + ")"));
    }

    /** {@return the executable regular file {@code name} in the first directory of {@code path} that has one} */
    static Optional<Path> onPath(String path, String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
