package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The child JVM of {@link CacheCrashContract}: builds a catalog from a properties file (the cache enabled, store
 * {@code remote} wrapped in {@link FaultyImageStore}), holds every read of the store at the byte given
 * ({@link FaultyImageStore.ReadFault#BLOCK_AT}), so the cache fill stops there whatever its pace, starts a full
 * download of the image given, reads it in 8 KiB reads until it has read the number of bytes given, prints
 * {@code reading <image id> <bytes>} and then waits to be killed, the download and its fill still open. Arguments: the
 * properties file, the image id, how many bytes to read, the byte the store's reads are held at.
 */
public final class CacheCrashChild {
    private CacheCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        String id = args[1];
        long upTo = Long.parseLong(args[2]);
        long holdAt = Long.parseLong(args[3]);
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ((FaultyImageStore) catalog.backends().stores().get("remote")).injectRead(
                    FaultyImageStore.ReadFault.BLOCK_AT, holdAt);
            readThenWait(catalog, id, upTo);
        }
    }

    private static void readThenWait(ImageCatalog catalog, String id, long upTo) throws Exception {
        try (ImageData d = catalog.images(RequestContext.admin(CacheCrashContract.PROJECT, "child")).download(id);
             InputStream in = d.stream()) {
            byte[] buffer = new byte[8192];
            long read = 0;
            while (read < upTo) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, upTo - read));
                if (n < 0) {
                    throw new IllegalStateException("the image ended after " + read + " bytes");
                }
                read += n;
            }
            System.out.println("reading " + id + " " + read);
            System.out.flush();
            Thread.sleep(120_000);
            throw new IllegalStateException("not killed within 2 minutes");
        }
    }
}
