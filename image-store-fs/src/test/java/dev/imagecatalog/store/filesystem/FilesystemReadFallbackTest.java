package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two filesystem stores holding one image: when the first copy's file is truncated or removed under a download,
 * the download goes on from the second copy with identical bytes.
 */
class FilesystemReadFallbackTest {
    private static final int SIZE = 3 << 20;
    private static final byte[] DATA = new byte[SIZE];

    static {
        new Random(7).nextBytes(DATA);
    }

    private static ImageCatalog catalog(Path dir) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "first, second")
                .setting("stores.default", "first").setting("store.first.type", "filesystem")
                .setting("store.first.datadir", dir.resolve("first").toString()).setting("store.first.weight", "2")
                .setting("store.second.type", "filesystem")
                .setting("store.second.datadir", dir.resolve("second").toString()).build();
    }

    /** Uploads to the first store and writes the same bytes into the second, recorded as a second location. */
    private static Image twoCopies(ImageCatalog c, ImageService svc) throws Exception {
        Image img = svc.create(ImageDraft.builder().name("two").diskFormat("raw").containerFormat("bare").build());
        svc.upload(img.id(), new ByteArrayInputStream(DATA));
        MetadataRepository repo = c.backends().metadataRepository();
        Image stored = repo.find(img.id()).orElseThrow();
        List<ImageLocation> locations = new ArrayList<>(stored.locations());
        try (ImageWriter w = c.backends().stores().get("second").openWriter(img.id(), SIZE)) {
            w.write(ByteBuffer.wrap(DATA));
            locations.add(ImageLocation.active(w.commit()));
        }
        return repo.update(stored.toBuilder().locations(locations).build());
    }

    private static Path firstCopy(ImageCatalog c, Image img) {
        FilesystemImageStore first = (FilesystemImageStore) c.backends().stores().get("first");
        return first.layout().pathOf(img.activeLocations().stream().filter(l -> l.storeId().equals("first"))
                .findFirst().orElseThrow().key());
    }

    @Test
    void aCopyTruncatedMidDownloadIsReplacedByTheOtherAtTheSameByte(@TempDir Path dir) throws Exception {
        try (ImageCatalog c = catalog(dir)) {
            ImageService svc = c.images(RequestContext.member("p1", "alice"));
            Image img = twoCopies(c, svc);
            try (ImageData d = svc.download(img.id(), DownloadOptions.verified())) {
                InputStream in = d.stream();
                byte[] head = in.readNBytes(1 << 20);
                try (FileChannel ch = FileChannel.open(firstCopy(c, img), StandardOpenOption.WRITE)) {
                    ch.truncate(1 << 20); // the rest of the first copy is gone
                }
                byte[] tail = in.readAllBytes();
                byte[] all = new byte[head.length + tail.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(tail, 0, all, head.length, tail.length);
                assertThat(all).isEqualTo(DATA);
            }
        }
    }

    @Test
    void aMissingFirstCopyIsSkippedAndARangeComesFromTheOther(@TempDir Path dir) throws Exception {
        try (ImageCatalog c = catalog(dir)) {
            ImageService svc = c.images(RequestContext.member("p1", "alice"));
            Image img = twoCopies(c, svc);
            Files.delete(firstCopy(c, img));
            try (ImageData d = svc.download(img.id(), DownloadOptions.range(
                    ByteRange.of(1000, 2_000_000)))) {
                assertThat(d.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 1000, 2_000_001));
            }
        }
    }
}
