package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache fill SIGKILLed in a child JVM ({@link CacheCrashChild}) half-way (the child's store holds its reads there)
 * through a download the child reads a quarter of, once the fill's file exists in the cache directory. The next catalog on the same directory (metadata in an H2 file, the store under
 * test) removes what the dead fill left at start-up: no file of the image remains, nothing is listed, nothing is left
 * for {@code clean}; the next download reads the store, returns the image's bytes and fills the cache properly, and a
 * catalog opened after that lists the entry and serves it (a hit). A module extends this with
 * {@link #storeSettings()}.
 */
public abstract class CacheCrashContract {
    /** The project of the image. */
    public static final String PROJECT = "cache-crash";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final long SIZE = 2L << 20;
    private static final RequestContext ADMIN = RequestContext.admin(PROJECT, "root");

    @TempDir
    protected Path dir;

    /** The settings of the store under test (keys below {@code store.<id>.}, its {@code type} among them). */
    protected abstract Map<String, String> storeSettings() throws Exception;

    private Map<String, String> settings() throws Exception {
        Map<String, String> store = new LinkedHashMap<>(storeSettings());
        String type = store.remove("type");
        Map<String, String> s = new LinkedHashMap<>(CrashRecoveryContract.h2CatalogWithOneStore(dir, "remote", type,
                store));
        s.put("store.remote.local", "false");
        s.put("cache.enabled", "true");
        s.put("cache.dir", dir.resolve("cache").toString());
        return s;
    }

    @Test
    void aFillKilledMidwayIsNeitherListedNorServedAfterARestart() throws Exception {
        Map<String, String> settings = settings();
        String id;
        try (ImageCatalog c = ImageCatalog.builder().settings(settings).build()) {
            ImageService admin = c.images(ADMIN);
            Image img = admin.create(ImageDraft.builder().name("crash").diskFormat("raw").containerFormat("bare")
                    .build());
            id = admin.upload(img.id(), SeededBytes.stream(7, SIZE)).id();
        }
        Path file = dir.resolve("child.properties");
        Map<String, String> child = new LinkedHashMap<>(FaultyImageStoreProvider.wrapping(settings));
        child.put("store.remote.local", child.remove("store.remote.delegate.local"));
        Properties p = new Properties();
        p.putAll(child);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "cache crash child");
        }
        try (ChildJvm jvm = ChildJvm.start("cache-fill", CacheCrashChild.class, List.of(), List.of(file.toString(), id,
                String.valueOf(SIZE / 4), String.valueOf(SIZE / 2)))) {
            jvm.awaitLine("reading " + id, TIMEOUT);
            CacheTestSupport.await("a file of the fill in the cache directory", () -> {
                try {
                    return !filesNaming(id).isEmpty();
                } catch (IOException | UncheckedIOException e) {
                    return false; // a file went away meanwhile: look again
                }
            });
            jvm.kill();
        }
        assertThat(filesNaming(id)).as("what the dead fill left").isNotEmpty();

        try (ImageCatalog c = ImageCatalog.builder().settings(settings).build()) {
            assertThat(filesNaming(id)).as("files of the image after start-up").isEmpty();
            CacheService cache = c.cache(ADMIN);
            assertThat(cache.list()).isEqualTo(new CacheListing(List.of(), List.of()));
            assertThat(cache.clean()).isEqualTo(new CleanResult(0, 0));
            assertThat(download(c, id)).isEqualTo(SeededBytes.stream(7, SIZE).readAllBytes());
            CacheTestSupport.await("the image cached", () -> !cache.list().cached().isEmpty());
            CachedImage entry = cache.list().cached().get(0);
            assertThat(entry.imageId()).isEqualTo(id);
            assertThat(entry.size()).isEqualTo(SIZE);
            assertThat(entry.checksum()).isEqualTo(SeededBytes.md5(7, SIZE));
        }
        try (ImageCatalog c = ImageCatalog.builder().settings(settings).build()) {
            assertThat(c.cache(ADMIN).list().cached()).extracting(CachedImage::imageId).containsExactly(id);
            assertThat(download(c, id)).isEqualTo(SeededBytes.stream(7, SIZE).readAllBytes());
            assertThat(c.cache(ADMIN).list().cached().get(0).hits()).as("served from the cache after a restart")
                    .isEqualTo(1);
        }
    }

    private static byte[] download(ImageCatalog c, String id) throws IOException {
        try (ImageData d = c.images(ADMIN).download(id); InputStream in = d.stream()) {
            return in.readAllBytes();
        }
    }

    /** Every regular file under the cache directory whose path names the image. */
    private List<Path> filesNaming(String imageId) throws IOException {
        Path cache = dir.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(cache)) {
            return all.filter(f -> Files.isRegularFile(f) && cache.relativize(f).toString().contains(imageId)).toList();
        }
    }
}
