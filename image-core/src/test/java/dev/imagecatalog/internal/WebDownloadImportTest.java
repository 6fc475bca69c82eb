package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.net.AddressRefusedException;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF suite through {@code ImageService.importImage(id, ImportRequest.webDownload(url))} on an in-memory
 * catalog whose {@code import.filtering.allowed-networks} opens 127.0.0.1 alone (and the test servers' ports): a
 * forbidden URL is a 400 at request time with the image still queued, no task and no request sent; a redirect to a
 * forbidden place, a body over the size cap and a redirect chain past the limit fail the task at fetch time with the
 * image back to queued, the lock released and nothing staged or stored; an allowed URL imports byte-identical.
 */
class WebDownloadImportTest {
    private static final int CAP = 32 * 1024;
    private static final byte[] IMAGE = WebDownloadSsrfTest.image(20_000);
    private static SsrfServers servers;
    private static ImageCatalog catalog;
    private static final Map<String, CompletableFuture<String>> ended = new ConcurrentHashMap<>();

    @TempDir
    static Path staging;

    @BeforeAll
    static void start() throws IOException {
        servers = new SsrfServers();
        servers.origin.serve("/img", IMAGE)
                .route("/too-big", "HTTP/1.1 200 OK\r\nContent-Length: " + (CAP + 1) + "\r\n\r\n", new byte[0])
                .route("/too-big-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                        chunk(WebDownloadSsrfTest.image(CAP + 1)));
        servers.other.serve("/secret", IMAGE);
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "a");
        s.put("store.a.type", "memory");
        s.put("image.size-cap", CAP / 1024 + "KiB");
        s.put("import.staging-dir", staging.toString());
        s.put("import.web-download.max-redirects", "2");
        s.put("import.filtering.allowed-networks", "127.0.0.1/32");
        s.put("import.filtering.allowed-ports", servers.expand("80, 443, {P}, {Q}, {R}"));
        catalog = ImageCatalog.builder().settings(s).listener(WebDownloadImportTest::event).build();
    }

    @AfterAll
    static void stop() {
        if (catalog != null) {
            catalog.close();
        }
        servers.close();
    }

    private static byte[] chunk(byte[] body) {
        byte[] head = (Integer.toHexString(body.length) + "\r\n").getBytes();
        byte[] all = new byte[head.length + body.length + 7];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        System.arraycopy("\r\n0\r\n\r\n".getBytes(), 0, all, head.length + body.length, 7);
        return all;
    }

    private static void event(CatalogEvent e) {
        if (e.type().equals(CatalogEventTypes.TASK_SUCCESS) || e.type().equals(CatalogEventTypes.TASK_FAILURE)) {
            ended.computeIfAbsent((String) e.payload().get("id"), k -> new CompletableFuture<>()).complete(e.type());
        }
    }

    private static ImageService alice() {
        return catalog.images(RequestContext.member("p1", "alice"));
    }

    private static Image queuedImage() {
        return alice().create(ImageDraft.builder().name("web").diskFormat("raw").containerFormat("bare").build());
    }

    /** The task once it ended (its end event arrived). */
    private static Task ended(Task t) throws Exception {
        ended.computeIfAbsent(t.id(), k -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
        List<Task> tasks = alice().tasks(t.imageId());
        return tasks.stream().filter(x -> x.id().equals(t.id())).findFirst().orElseThrow();
    }

    private static List<StoredObject> stored(String imageId) throws IOException {
        List<StoredObject> all = new ArrayList<>();
        catalog.backends().stores().get("a").forEachOwned(o -> {
            if (o.imageId().equals(imageId)) {
                all.add(o);
            }
        });
        return all;
    }

    private static List<Path> stagedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** The image as a failed or refused web-download leaves it: queued, unlocked, nothing staged or stored. */
    private static void untouched(String imageId) throws IOException {
        Image img = alice().get(imageId);
        assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(img.properties()).doesNotContainKeys("os_glance_import_task", "os_glance_importing_to_stores");
        assertThat(stagedFiles()).isEmpty();
        assertThat(stored(imageId)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://127.0.0.1:{P}/_img", "HTTP://127.0.0.2:{Q}/secret",
            "http://mirror.test@127.0.0.1:{P}/img", "http://127.0.0.1:{P}\\@mirror.test/img",
            "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xa9fea9fe/",
            "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://127.1:{P}/img", "http://2130706433:{P}/img", "http://0x7f000001:{P}/img",
            "http://0177.0.0.1:{P}/img", "http://[::1]:{R}/secret", "http://[::127.0.0.1]:{P}/img",
            "http://localhost:{G}/secret", "http://127.0.0.2:{Q}/secret", "http://10.0.0.1/", "http://[fe80::1]/",
            "http://[fc00::1]/", "http://224.0.0.1/", "http://0.0.0.0:{P}/img", "http://[::]:{P}/img",
            "http://127.0.0.1:{G}/secret", "http://93.184.216.34:22/", "ftp://127.0.0.1:{P}/img"})
    void forbiddenUrlsAreRefusedAtRequestTime(String template) throws IOException {
        Image img = queuedImage();
        int before = servers.total();
        String url = servers.expand(template);
        assertThatThrownBy(() -> alice().importImage(img.id(), ImportRequest.webDownload(url))).as(url)
                .isInstanceOf(AddressRefusedException.class).isInstanceOf(InvalidInputException.class);
        assertThat(alice().tasks(img.id())).as("tasks of " + url).isEmpty();
        assertThat(servers.total()).as("requests after " + url).isEqualTo(before);
        untouched(img.id());
    }

    @Test
    void anAllowedUrlImportsByteIdentical() throws Exception {
        Image img = queuedImage();
        Task task = alice().importImage(img.id(), ImportRequest.webDownload(servers.origin.url("/img")));
        Task done = ended(task);
        assertThat(done.status()).as(done.message()).isEqualTo(TaskStatus.SUCCESS);
        Image active = alice().get(img.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(IMAGE.length);
        try (ImageData data = alice().download(img.id()); InputStream in = data.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
        assertThat(stagedFiles()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"http://169.254.169.254/latest/meta-data/ | metadata",
            "http://[::ffff:a9fe:a9fe]/ | metadata", "http://127.0.0.2:{Q}/secret | loopback",
            "http://[::1]:{R}/secret | loopback", "http://2130706433:{P}/img | numeric forms",
            "http://127.0.0.1:{G}/secret | port", "http://10.0.0.1:{P}/ | private", "file:///etc/passwd | http",
            "http://localhost:{G}/secret | port"})
    void aRedirectToAForbiddenPlaceFailsTheTask(String target, String why) throws Exception {
        String path = "/import-to/" + Integer.toHexString(target.hashCode());
        servers.origin.redirect(path, 302, servers.expand(target));
        int elsewhere = servers.total() - servers.origin.total();
        Image img = queuedImage();
        Task done = ended(alice().importImage(img.id(), ImportRequest.webDownload(servers.origin.url(path))));
        assertThat(done.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(done.message()).contains(why);
        assertThat(servers.origin.count(path)).isEqualTo(1);
        assertThat(servers.origin.count("/secret")).isZero();
        assertThat(servers.total() - servers.origin.total()).isEqualTo(elsewhere);
        untouched(img.id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/too-big | announces", "/too-big-chunked | sent more than", "/chain-0 | more than 2 times",
            "/missing | answered 500"})
    void aBodyOverTheCapOrTooManyRedirectsFailsTheTask(String path, String why) throws Exception {
        servers.origin.redirect("/chain-0", 302, "/chain-1").redirect("/chain-1", 302, "/chain-2")
                .redirect("/chain-2", 302, "/chain-3").serve("/chain-3", IMAGE);
        Image img = queuedImage();
        Task done = ended(alice().importImage(img.id(), ImportRequest.webDownload(servers.origin.url(path))));
        assertThat(done.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(done.message()).contains(why);
        assertThat(servers.origin.count("/chain-3")).isZero();
        untouched(img.id());
    }
}
