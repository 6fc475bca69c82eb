package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The child JVM of {@link UnknownLengthUploadHeapContract}: builds a catalog (memory metadata) from the settings
 * given, uploads {@link SeededBytes} without declaring their size, downloads it again while computing its MD5,
 * deletes it, and prints {@code heap-max BYTES}, {@code uploaded CHECKSUM SIZE SECONDS}, {@code downloaded MD5 SIZE
 * SECONDS} and {@code done}. Any failure (an {@link OutOfMemoryError} among them) ends it with a non-zero exit code.
 *
 * <p>Arguments: size seed key=value... (catalog settings).
 */
public final class UnknownLengthUploadChild {
    private UnknownLengthUploadChild() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        Map<String, String> settings = new HashMap<>();
        settings.put("metadata.type", "memory");
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        System.out.println("heap-max " + Runtime.getRuntime().maxMemory());
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ImageService images = catalog.images(RequestContext.member("heap", "heap"));
            Image image = images.create(ImageDraft.builder().name("unknown-length").diskFormat("raw")
                    .containerFormat("bare").build());
            long t0 = System.nanoTime();
            try (InputStream in = SeededBytes.stream(seed, size)) {
                image = images.upload(image.id(), in, UploadOptions.defaults());
            }
            System.out.println("uploaded " + image.checksum() + " " + image.size() + " " + seconds(t0));
            t0 = System.nanoTime();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long read = 0;
            try (ImageData data = images.download(image.id())) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = data.stream().read(buf)) >= 0; ) {
                    md5.update(buf, 0, n);
                    read += n;
                }
            }
            System.out.println("downloaded " + HexFormat.of().formatHex(md5.digest()) + " " + read + " " + seconds(t0));
            images.delete(image.id());
        }
        System.out.println("done");
    }

    private static String seconds(long t0) {
        return String.format(java.util.Locale.ROOT, "%.1fs", (System.nanoTime() - t0) / 1e9);
    }
}
