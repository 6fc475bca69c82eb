package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.ImageCorpus;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.format.FormatInspector;
import dev.imagecatalog.spi.ImportPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversion plug-in with the real qemu-img and prlimit: a qcow2 made here becomes raw (checked with
 * {@code qemu-img compare}), unsafe or mislabelled images are refused before qemu-img converts anything, and the
 * resource limits reach qemu-img. Skipped without qemu-img, failed when {@code CI=true}.
 */
class ConversionTest {
    private static final String PREFIX = "import.plugin.conversion.";
    private static final String PATH = System.getenv().getOrDefault("PATH", "/usr/bin");
    private static String qemuImg;

    @TempDir
    Path dir;
    @TempDir
    Path sources;

    @BeforeAll
    static void needsQemuImg() {
        TestEnvironment.requireThat(ConversionProvider.onPath(PATH, "qemu-img").isPresent()
                && ConversionProvider.onPath(PATH, "prlimit").isPresent(), "qemu-img or prlimit is not installed "
                + "(scripts/servers/install.sh installs Debian's qemu-utils; prlimit is util-linux)");
        qemuImg = ConversionProvider.onPath(PATH, "qemu-img").orElseThrow().toString();
    }

    private static ImportPlugin plugin(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return new ConversionProvider().create(Settings.of(m).scoped(PREFIX));
    }

    private static String qemuImg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(qemuImg));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("qemu-img %s: %s", cmd, out).isZero();
        return out;
    }

    /** A 1 MiB raw disk with 64 KiB of data at its start and 64 KiB at 512 KiB. */
    private Path rawDisk() throws IOException {
        byte[] disk = new byte[1024 * 1024];
        Random r = new Random(11);
        byte[] block = new byte[64 * 1024];
        r.nextBytes(block);
        System.arraycopy(block, 0, disk, 0, block.length);
        r.nextBytes(block);
        System.arraycopy(block, 0, disk, 512 * 1024, block.length);
        return Files.write(sources.resolve("disk.raw"), disk);
    }

    private Path qcow2(Path raw) throws Exception {
        Path q = sources.resolve("disk.qcow2");
        qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), q.toString());
        return q;
    }

    @Test
    void aQcow2BecomesTheSameDiskAsRaw() throws Exception {
        Path raw = rawDisk();
        TestStagedImage staged = TestStagedImage.of(dir, Files.readAllBytes(qcow2(raw)), "qcow2");
        plugin().apply(staged);
        assertThat(qemuImg("compare", "-f", "raw", "-F", "raw", raw.toString(), staged.data().toString()))
                .contains("Images are identical");
        assertThat(staged.diskFormat).isEqualTo("raw");
        assertThat(staged.containerFormat).isEqualTo("bare");
        assertThat(FormatInspector.inspect(staged.data()).virtualSize()).hasValue(1024 * 1024);
        assertThat(staged.files()).containsExactly(staged.data());
        assertThat(staged.messages).containsExactly("inspecting the image before conversion",
                "converting qcow2 to raw");
    }

    @Test
    void aRawBecomesQcow2WhenAsked() throws Exception {
        Path raw = rawDisk();
        TestStagedImage staged = TestStagedImage.of(dir, Files.readAllBytes(raw), "raw");
        plugin("output-format", "qcow2").apply(staged);
        assertThat(FormatInspector.inspect(staged.data()).format()).isEqualTo("qcow2");
        assertThat(qemuImg("compare", "-f", "raw", "-F", "qcow2", raw.toString(), staged.data().toString()))
                .contains("Images are identical");
        assertThat(staged.diskFormat).isEqualTo("qcow2");
    }

    @Test
    void aVhdIsReadWithQemuImgsVpcDriver() throws Exception {
        Path raw = rawDisk();
        Path vhd = sources.resolve("disk.vhd");
        qemuImg("convert", "-f", "raw", "-O", "vpc", raw.toString(), vhd.toString());
        TestStagedImage staged = TestStagedImage.of(dir, Files.readAllBytes(vhd), "vhd");
        plugin().apply(staged);
        assertThat(staged.diskFormat).isEqualTo("raw");
        assertThat(qemuImg("compare", "-f", "vpc", "-F", "raw", vhd.toString(), staged.data().toString()))
                .contains("Images are identical");
    }

    @Test
    void dataAlreadyInTheOutputFormatIsLeftAlone() throws Exception {
        byte[] raw = Files.readAllBytes(rawDisk());
        TestStagedImage staged = TestStagedImage.of(dir, raw, "raw");
        plugin().apply(staged);
        assertThat(staged.bytes()).isEqualTo(raw);
        assertThat(staged.diskFormat).isNull();
        assertThat(staged.files()).containsExactly(staged.data());
    }

    private void refused(TestStagedImage staged, ImportPlugin plugin, String... fragments) throws IOException {
        byte[] before = staged.bytes();
        assertThatThrownBy(() -> plugin.apply(staged)).isInstanceOf(UnsupportedMediaException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
        assertThat(staged.bytes()).isEqualTo(before);
        assertThat(staged.files()).containsExactly(staged.data());
        assertThat(staged.diskFormat).isNull();
        assertThat(staged.messages).doesNotContain("converting qcow2 to raw");
    }

    @Test
    void aQcow2WithABackingFileIsRefusedBeforeAnyConversion() throws Exception {
        Path base = qcow2(rawDisk());
        Path overlay = sources.resolve("overlay.qcow2");
        qemuImg("create", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", overlay.toString());
        refused(TestStagedImage.of(dir, Files.readAllBytes(overlay), "qcow2"), plugin(),
                "failed the format safety checks", "backing_file");
    }

    @Test
    void aFormatOtherThanTheClaimedOneIsRefused() throws Exception {
        refused(TestStagedImage.of(dir, Files.readAllBytes(qcow2(rawDisk())), "raw"), plugin(),
                "image format mismatch", "disk_format is 'raw' but the data is qcow2");
        refused(TestStagedImage.of(dir, ImageCorpus.iso(new byte[4096]), "raw"), plugin(),
                "the image is an iso but its disk_format is 'raw'");
    }

    @Test
    void aVirtualSizeOverTheBoundIsRefusedBeforeConverting() throws Exception {
        Path big = sources.resolve("big.qcow2");
        qemuImg("create", "-f", "qcow2", big.toString(), "64G");
        TestStagedImage staged = TestStagedImage.of(dir, Files.readAllBytes(big), "qcow2");
        assertThatThrownBy(() -> plugin("max-virtual-size", "1GiB").apply(staged))
                .isInstanceOf(TooLargeException.class).hasMessageContaining("68719476736 bytes")
                .hasMessageContaining("'import.plugin.conversion.max-virtual-size'");
        assertThat(staged.files()).containsExactly(staged.data());
        assertThat(staged.diskFormat).isNull();
    }

    @Test
    void anIsoClaimedIsoIsKeptAsItIs() throws Exception {
        byte[] iso = ImageCorpus.iso(new byte[4096]);
        TestStagedImage staged = TestStagedImage.of(dir, iso, "iso");
        plugin().apply(staged);
        assertThat(staged.bytes()).isEqualTo(iso);
        assertThat(staged.diskFormat).isNull();
    }

    @Test
    void qemuImgRunsUnderTheAddressSpaceLimit() throws Exception {
        refused(TestStagedImage.of(dir, Files.readAllBytes(qcow2(rawDisk())), "qcow2"),
                plugin("address-space", "1MiB"), "qemu-img info could not read the image", "killed by signal");
        TestStagedImage staged = TestStagedImage.of(dir, Files.readAllBytes(qcow2(rawDisk())), "qcow2");
        assertThatThrownBy(() -> plugin("convert-address-space", "8MiB").apply(staged))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("qemu-img convert from qcow2 to raw failed");
        assertThat(staged.files()).containsExactly(staged.data());
        assertThat(staged.diskFormat).isNull();
    }

    @Test
    void theLimitsAreGlancesByDefaultAndReachTheCommandLine() {
        QemuImg q = new QemuImg(Path.of("/usr/bin/qemu-img"), Path.of("/usr/bin/prlimit"));
        Map<String, String> none = Map.of();
        Settings s = ConversionProvider.SPEC.check(Settings.of(none));
        QemuImg.Limits info = new QemuImg.Limits(s.value(ConversionProvider.CPU_SECONDS),
                s.value(ConversionProvider.ADDRESS_SPACE), s.value(ConversionProvider.TIMEOUT), "t");
        assertThat(q.command(info, List.of("info", "x"))).containsExactly("/usr/bin/prlimit", "--cpu=2",
                "--as=1073741824", "--", "/usr/bin/qemu-img", "info", "x");
        assertThat(info.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(q.command(new QemuImg.Limits(0, 2048, Duration.ofSeconds(1), "t"), List.of("convert")))
                .containsExactly("/usr/bin/prlimit", "--as=2048", "--", "/usr/bin/qemu-img", "convert");
        assertThat(ConversionProvider.cpuBound(Duration.ofHours(1))).isEqualTo(3600);
        assertThat(ConversionProvider.cpuBound(Duration.ofMillis(1500))).isEqualTo(2);
    }

    @Test
    void withoutQemuImgOnThePathTheCatalogDoesNotBuild(@TempDir Path empty) throws IOException {
        Path prlimit = Files.createFile(empty.resolve("prlimit"));
        assertThat(prlimit.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> new ConversionProvider(empty.toString()).create(Settings.of(Map.of())))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugins'").hasMessageContaining("qemu-img not found on the PATH");
        Files.delete(prlimit);
        Path fakeQemu = Files.createFile(empty.resolve("qemu-img"));
        assertThat(fakeQemu.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> new ConversionProvider(empty.toString()).create(Settings.of(Map.of())))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("prlimit not found on the PATH");
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> plugin("output-format", "vhd")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.conversion.output-format'")
                .hasMessageContaining("raw, qcow2, vmdk");
        assertThatThrownBy(() -> plugin("cpu-seconds", "0")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.conversion.cpu-seconds'");
        assertThatThrownBy(() -> plugin("address-space", "1KiB")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.conversion.address-space'");
    }
}
