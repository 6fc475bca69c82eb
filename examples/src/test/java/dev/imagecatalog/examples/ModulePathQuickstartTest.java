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
        cmd.addAll(List.of("--config", config.toString(), "--delete", image.toString()));
        Path log = dir.resolve("output.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(ended).as("the child JVM ended within 3 minutes; its output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit status; output:%n%s", out).isZero();
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
