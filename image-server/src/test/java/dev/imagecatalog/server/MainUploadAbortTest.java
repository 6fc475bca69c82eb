package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@link Main} while a client streams an upload (H2 file + filesystem store): the server aborts the
 * upload before it closes the catalog, so the image is {@code queued} again and the store holds none of its bytes,
 * without needing the next start's recovery sweep.
 */
class MainUploadAbortTest {
    static final RequestContext ADMIN = RequestContext.admin("p1", "u1");

    @TempDir
    Path dir;

    Path config() throws IOException {
        Path conf = dir.resolve("serve.properties");
        Files.writeString(conf, """
                metadata.type = jdbc
                metadata.jdbc.url = jdbc:h2:./db/catalog
                stores = local
                store.local.type = filesystem
                store.local.datadir = ./images
                server.port = 0
                """);
        return conf;
    }

    /** The catalog of the config file opened in this JVM; {@code recover} false leaves recovery's sweep out. */
    static ImageCatalog open(Path conf, boolean recover) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(conf)) {
            p.load(in);
        }
        p.setProperty("recovery.on-start", Boolean.toString(recover));
        p.remove("server.port");
        return ImageCatalog.builder().settings(p).baseDirectory(conf.getParent()).build();
    }

    /** Every regular file under the store's folder whose name holds the image id (written or in progress). */
    List<Path> storedFilesOf(String id) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("images"))) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().contains(id)).toList();
        }
    }

    long bytesInProgress(String id) throws IOException {
        long n = 0;
        for (Path f : storedFilesOf(id)) {
            n += Files.size(f);
        }
        return n;
    }

    @Test
    void sigtermDuringAnUploadAbortsItAndTheImageIsQueuedAfterRestart() throws Exception {
        Path conf = config();
        String id;
        try (ImageCatalog catalog = open(conf, true)) {
            id = catalog.images(ADMIN).create(ImageDraft.builder().name("cut-off").diskFormat("raw")
                    .containerFormat("bare").build()).id();
        }
        AtomicBoolean sending = new AtomicBoolean(true);
        try (MainProcess main = MainProcess.start(dir, "--config", conf.toString())) {
            URI uri = main.awaitUri();
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: " + (256L << 20) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Thread sender = new Thread(() -> streamSlowly(out, sending), "slow-upload");
                sender.setDaemon(true);
                sender.start();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (bytesInProgress(id) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(bytesInProgress(id)).as("bytes of the upload in the store before SIGTERM").isPositive();

                assertThat(main.terminate(MainTest.STOP_LIMIT)).isIn(0, MainTest.SIGTERM_STATUS);
                sending.set(false);
                sender.join(10_000);
            }
            assertThat(main.stderr()).doesNotContain("ERROR");
        }

        assertThat(storedFilesOf(id)).as("nothing of the upload left in the store").isEmpty();
        try (ImageCatalog catalog = open(conf, false)) {
            Image image = catalog.images(ADMIN).get(id);
            assertThat(image.status()).as("status without the recovery sweep").isEqualTo(ImageStatus.QUEUED);
            assertThat(image.size()).isNull();
        }

        try (MainProcess again = MainProcess.start(dir, "--config", conf.toString())) {
            again.awaitUri();
            assertThat(again.terminate(MainTest.STOP_LIMIT)).isIn(0, MainTest.SIGTERM_STATUS);
        }
        try (ImageCatalog catalog = open(conf, true)) {
            assertThat(catalog.images(ADMIN).get(id).status()).isEqualTo(ImageStatus.QUEUED);
        }
        assertThat(storedFilesOf(id)).isEmpty();
    }

    /** 64 KiB every 20 ms (about 3 MB/s) until told to stop or the server has gone. */
    static void streamSlowly(OutputStream out, AtomicBoolean sending) {
        byte[] chunk = new byte[64 << 10];
        try {
            while (sending.get()) {
                out.write(chunk);
                out.flush();
                Thread.sleep(20);
            }
        } catch (IOException e) {
            // the server closed the connection: expected once SIGTERM arrived
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
