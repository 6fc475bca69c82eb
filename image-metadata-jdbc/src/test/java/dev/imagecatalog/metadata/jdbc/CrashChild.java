package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * The child JVM of {@link H2CrashTest}: creates, patches, tags, uploads and deletes images on an H2 file as fast
 * as it can, printing one line per finished operation, until it is killed (or 120 s pass).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (ImageCatalog catalog = ImageCatalog.builder()
                .setting("metadata.type", "jdbc").setting("metadata.jdbc.url", url)
                .setting("stores", "mem").setting("store.mem.type", "memory").build()) {
            ImageService images = catalog.images(RequestContext.member("crash", "child"));
            Random r = new Random();
            System.out.println("ready");
            for (int n = 0; System.nanoTime() < deadline; n++) {
                Image img = images.create(ImageDraft.builder().name("crash-" + n).diskFormat("raw").containerFormat("bare").build());
                // a and b are always written together: a torn patch would show a != b
                images.update(img.id(), ImagePatch.builder().add("a", String.valueOf(n)).add("b", String.valueOf(n)).build());
                images.addTag(img.id(), "t" + (n % 7));
                if (r.nextInt(4) > 0) {
                    images.upload(img.id(), slowStream(64 * 1024 + r.nextInt(64 * 1024), r.nextLong()));
                }
                images.update(img.id(), ImagePatch.builder().add("a", n + "x").add("b", n + "x").build());
                if (r.nextInt(5) == 0) {
                    images.delete(img.id());
                }
                System.out.println("op " + n);
            }
        }
    }

    private static InputStream slowStream(int size, long seed) {
        Random data = new Random(seed);
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= size) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 8192), size - pos);
                byte[] chunk = new byte[n];
                data.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                pos += n;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return n;
            }
        };
    }
}
