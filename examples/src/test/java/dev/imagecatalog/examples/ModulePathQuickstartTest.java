package dev.imagecatalog.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quickstart on the module path: core and every plug-in are named modules (their {@code module-info}), found by
 * {@code ServiceLoader} through their {@code provides} clauses (a named module's {@code META-INF/services} is not
 * read), and the Quickstart, on the class path, uses only what core exports. The other tests run on the class path.
 */
class ModulePathQuickstartTest {

    @Test
    void quickstartRunsWithCoreAndThePluginsAsModules(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("disk.img");
        byte[] data = new byte[3 << 20];
        new Random(42).nextBytes(data);
        Files.write(image, data);
        Path config = dir.resolve("catalog.properties");
        Files.writeString(config, String.join("\n",
                "metadata.type = jdbc",
                "metadata.jdbc.url = jdbc:h2:./db/catalog",
                "stores = local",
                "stores.default = local",
                "store.local.type = filesystem",
                "store.local.datadir = ./data",
                ""));

        // the first run keeps its images (the upload, the snapshot, 2 backups), as scripts/quickstart does by
        // default; the second sees them, then deletes
        String first = runQuickstart(dir, config, image.toString());
        assertThat(first).contains("checksum verified", "image_type=snapshot", "inherited source_file=disk.img",
                "daily backups of the instance from earlier runs: 0", "daily backups left: 2");
        assertThat(count(first, "deleted no older backup")).as("first run:%n%s", first).isEqualTo(2);
        assertThat(count(first, "(rotation 2): deleted the oldest: quickstart-vm-daily-1 ")).as(first).isEqualTo(1);
        String out = runQuickstart(dir, config, "--delete", image.toString());
        assertThat(out).contains("images from earlier runs: 4", "daily backups of the instance from earlier runs: 2",
                "daily backups left: 2", "deleted this run's snapshot and the instance's 2 daily backup(s)");
        // each backup of the second run deletes the oldest: the first run's daily-2 and daily-3, then its own daily-1
        assertThat(count(out, "(rotation 2): deleted the oldest: ")).as("second run:%n%s", out).isEqualTo(3);
        assertThat(out).containsPattern("backup quickstart-vm-daily-1 \\S+ \\(rotation 2\\): deleted the oldest: "
                        + "quickstart-vm-daily-2 ")
                .containsPattern("backup quickstart-vm-daily-2 \\S+ \\(rotation 2\\): deleted the oldest: "
                        + "quickstart-vm-daily-3 ")
                .containsPattern("backup quickstart-vm-daily-3 \\S+ \\(rotation 2\\): deleted the oldest: "
                        + "quickstart-vm-daily-1 ");
        assertThat(out).contains("core module dev.imagecatalog",
                "package dev.imagecatalog exported true",
                "package dev.imagecatalog.image exported true",
                "package dev.imagecatalog.data exported true",
                "package dev.imagecatalog.spi exported true",
                "package dev.imagecatalog.error exported true",
                "package dev.imagecatalog.config exported true",
                "package dev.imagecatalog.event exported true",
                "package dev.imagecatalog.policy exported true",
                "package dev.imagecatalog.recovery exported true",
                "package dev.imagecatalog.internal exported false",
                "provider dev.imagecatalog.memory.MemoryImageStoreProvider in dev.imagecatalog",
                "provider dev.imagecatalog.store.filesystem.FilesystemImageStoreProvider in dev.imagecatalog.store.filesystem",
                "provider dev.imagecatalog.store.s3.S3ImageStoreProvider in dev.imagecatalog.store.s3",
                "provider dev.imagecatalog.store.swift.SwiftImageStoreProvider in dev.imagecatalog.store.swift",
                "provider dev.imagecatalog.memory.MemoryMetadataProvider in dev.imagecatalog",
                "provider dev.imagecatalog.metadata.jdbc.JdbcMetadataProvider in dev.imagecatalog.metadata.jdbc",
                "provider dev.imagecatalog.importplugins.ConversionProvider in dev.imagecatalog.importplugins",
                "checksum verified");
        // only the implementation is hidden: every package of core outside dev.imagecatalog.internal is exported
        for (String line : out.lines().filter(l -> l.startsWith("package ")).toList()) {
            boolean internal = line.startsWith("package dev.imagecatalog.internal");
            assertThat(line).as("core's package export").endsWith(internal ? " exported false" : " exported true");
        }
        assertThat(dir.resolve("db/catalog.mv.db")).as("the H2 file the jdbc module wrote").isNotEmptyFile();
    }

    /** Runs the Quickstart in a child JVM with the module path; returns its output once it ended with status 0. */
    private static String runQuickstart(Path dir, Path config, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("--module-path");
        cmd.add(modulePath());
        cmd.add("--add-modules");
        cmd.add("ALL-MODULE-PATH");
        cmd.add("-cp");
        cmd.add(location(Quickstart.class) + java.io.File.pathSeparator + location(ModulePathQuickstart.class));
        cmd.add(ModulePathQuickstart.class.getName());
        cmd.addAll(List.of("--config", config.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "output", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the child JVM ended within 3 minutes; its output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit status; output:%n%s", out).isZero();
        return out;
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    /** The module path Maven wrote before the tests: core, the plug-ins and their libraries (not the test ones). */
    private static String modulePath() throws IOException {
        String file = System.getProperty("imagecatalog.runtime-module-path");
        assertThat(file).as("system property imagecatalog.runtime-module-path (set in examples/pom.xml)").isNotNull();
        String path = Files.readString(Path.of(file)).strip();
        assertThat(path).as("the module path in %s", file).contains("image-core", "image-store-fs",
                "image-metadata-jdbc", "image-store-s3", "image-store-swift", "image-import-plugins");
        return path;
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
