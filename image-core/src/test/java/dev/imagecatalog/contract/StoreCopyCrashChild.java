package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The child JVM of {@link MultiStoreContract}'s crash test. Builds a catalog from a properties file (stores
 * {@code a} and {@code b} wrapped in {@link FaultyImageStore}, {@code a} the default), uploads one image of
 * {@link SeededBytes} (seed in the property {@value UploadCrashChild#SEED}) and prints {@code uploaded <id>}; then
 * copies it to {@code b} with {@code b}'s writes held past {@code holdAfter} bytes. Once the write is held and
 * {@code b}'s medium shows something of the copy, it prints
 * {@code held <id> leftovers=<n> locations=<store>:<status>,...} and waits to be killed. If the copy ends instead, it
 * prints {@code copy ended ...}.
 *
 * <p>Arguments: the properties file, the image size, {@code holdAfter}.
 */
public final class StoreCopyCrashChild {
    /** The project owning the child's image. */
    public static final String PROJECT = "multi-crash";

    private StoreCopyCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        long size = Long.parseLong(args[1]);
        long holdAfter = Long.parseLong(args[2]);
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ImageService images = catalog.images(RequestContext.admin(PROJECT, "child"));
            Image img = images.create(ImageDraft.builder().name("copied").diskFormat("raw").containerFormat("bare")
                    .property(UploadCrashChild.SEED, "7").build());
            String id = img.id();
            images.upload(id, SeededBytes.stream(7, size));
            say("uploaded " + id);
            FaultyImageStore target = (FaultyImageStore) catalog.backends().stores().get("b");
            target.inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, holdAfter);
            Thread copy = new Thread(() -> {
                try {
                    say("copy ended " + images.copyToStores(id, List.of("b"), true));
                } catch (RuntimeException e) {
                    say("copy ended " + e);
                }
            }, "crash-child-copy");
            copy.setDaemon(true);
            copy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!target.awaitBlocked(1)) {
                if (!copy.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the copy never reached " + holdAfter + " bytes");
                }
            }
            int leftovers = awaitLeftovers(target, id);
            String locations = images.get(id).locations().stream()
                    .map(l -> l.storeId() + ":" + l.status().glanceName()).collect(Collectors.joining(","));
            say("held " + id + " leftovers=" + leftovers + " locations=" + locations);
            Thread.sleep(120_000);
            throw new IllegalStateException("not killed within 2 minutes");
        }
    }

    /** Waits (at most 30 s) until the target's medium holds something of the image; returns how many things. */
    private static int awaitLeftovers(FaultyImageStore target, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            AtomicInteger n = new AtomicInteger();
            target.delegate().forEachOwned(o -> {
                if (o.imageId().equals(id)) {
                    n.incrementAndGet();
                }
            });
            if (n.get() > 0 || System.nanoTime() > deadline) {
                return n.get();
            }
            Thread.sleep(50);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
