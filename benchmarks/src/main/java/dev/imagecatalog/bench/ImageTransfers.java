package dev.imagecatalog.bench;

import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import java.io.IOException;
import java.io.InputStream;

/** The uploads and downloads the benchmarks time, through an {@link ImageService}. */
final class ImageTransfers {
    private static final int BUFFER = 1 << 20;

    private ImageTransfers() {
    }

    /**
     * Creates a raw, bare image and uploads {@code size} bytes of {@link PatternedSource}{@code (size, seed)} into it,
     * declared, to {@code store} (null: the default store).
     *
     * @return the active image
     */
    static Image upload(ImageService images, String name, long size, long seed, String store) throws IOException {
        Image created = images.create(ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare")
                .build());
        UploadOptions.Builder options = UploadOptions.builder().declaredSize(size);
        if (store != null) {
            options.store(store);
        }
        try (InputStream in = new PatternedSource(size, seed)) {
            return images.upload(created.id(), in, options.build());
        }
    }

    /** A full download read to its end in 1 MiB buffers, then closed; {@return the bytes read} */
    static long drain(ImageService images, String id) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (ImageData data = images.download(id); InputStream in = data.stream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }
}
