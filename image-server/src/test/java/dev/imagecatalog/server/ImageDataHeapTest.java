package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.LiveHeapSampler;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 1 GiB image goes up and comes back down through the server (filesystem store) while the live heap is sampled:
 * what the JVM holds stays near the catalog's upload buffer pool (8 x 1 MiB by default) and does not grow with the
 * image. Both client and server run in this JVM, so the figure bounds them together.
 */
class ImageDataHeapTest {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDataHeapTest.class);
    static final long SIZE = 1L << 30;
    static final long LIMIT = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void aGibibyteUploadAndDownloadHoldLessThan48MibOfHeap() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ImageServer server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "fs",
                "store.fs.type", "filesystem", "store.fs.datadir", dir.toString(), "store.fs.fsync", "false",
                "server.port", "0")).start()) {
            String id = server.catalog().images(RequestContext.admin("p", "u")).create(ImageDraft.builder()
                    .name("big").diskFormat("raw").containerFormat("bare").build()).id();
            URI file = URI.create(server.uri() + "/v2/images/" + id + "/file");
            long uploadNanos;
            long downloadNanos;
            long received;
            try (LiveHeapSampler heap = new LiveHeapSampler(500)) {
                long t0 = System.nanoTime();
                HttpResponse<String> up = http.send(HttpRequest.newBuilder(file)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                () -> SeededBytes.stream(9, SIZE)), SIZE)).build(), HttpResponse.BodyHandlers.ofString());
                uploadNanos = System.nanoTime() - t0;
                assertThat(up.statusCode()).as(up.body()).isEqualTo(204);

                long t1 = System.nanoTime();
                HttpResponse<InputStream> down = http.send(HttpRequest.newBuilder(file).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = down.body()) {
                    received = in.transferTo(OutputStream.nullOutputStream());
                }
                downloadNanos = System.nanoTime() - t1;
                heap.close();
                long held = heap.peakBytes() - heap.baselineBytes();
                LOG.info("1 GiB through the server: upload {} MB/s, download {} MB/s, live heap peak {} MiB over a "
                        + "baseline of {} MiB ({} samples)", mbPerSecond(uploadNanos), mbPerSecond(downloadNanos),
                        held >> 20, heap.baselineBytes() >> 20, heap.samples());
                assertThat(heap.samples()).isGreaterThan(2);
                assertThat(held).isLessThan(LIMIT);
                Image image = server.catalog().images(RequestContext.admin("p", "u")).get(id);
                assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(image.size()).isEqualTo(SIZE);
                assertThat(down.statusCode()).isEqualTo(200);
                assertThat(down.headers().firstValue("Content-MD5")).contains(image.checksum());
                assertThat(received).isEqualTo(SIZE);
            }
        }
    }

    static long mbPerSecond(long nanos) {
        return SIZE * 1_000L / Math.max(1, nanos);
    }
}
