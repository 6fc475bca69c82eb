package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.net.AddressGuard;
import dev.imagecatalog.net.AddressRules;
import dev.imagecatalog.net.HostResolver;
import dev.imagecatalog.net.PinnedHttpClient;
import dev.imagecatalog.net.PinnedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * web-download's fetch: checks a URL against {@code import.filtering.*} ({@link AddressGuard}) and streams it into a
 * file over {@link PinnedHttpClient} (connected to the address that was checked, every redirect checked again, at
 * most {@code import.web-download.max-redirects} of them, connect and read timeouts), with the size cap and the
 * {@code Content-Length} enforced while it reads. The bytes go to a temporary file beside the target, are forced to
 * disk and renamed over it: a failed fetch leaves neither.
 *
 * <p>Thread-safe; one instance per catalog.
 */
final class WebDownload {
    private static final Logger LOG = LoggerFactory.getLogger(WebDownload.class);
    private static final int BUFFER = 256 * 1024;
    /** How many bytes arrive between two progress reports. */
    static final long PROGRESS_EVERY = 1024 * 1024;

    private final PinnedHttpClient client;

    WebDownload(AddressRules rules, Duration connectTimeout, Duration readTimeout, int maxRedirects) {
        this(new AddressGuard(rules, HostResolver.system()), connectTimeout, readTimeout, maxRedirects);
    }

    /** A fetch whose URLs pass {@code guard} (tests give it a resolver of their own). */
    WebDownload(AddressGuard guard, Duration connectTimeout, Duration readTimeout, int maxRedirects) {
        this.client = new PinnedHttpClient(guard, connectTimeout, readTimeout, maxRedirects,
                PinnedHttpClient.defaultTls());
    }

    /**
     * Refuses a URL the filter does not allow, before anything is fetched: nothing is sent, the host is resolved.
     *
     * @throws dev.imagecatalog.net.AddressRefusedException (invalid input) naming why
     */
    void check(String url) {
        client.guard().check(url);
    }

    /**
     * Downloads {@code url} into {@code target} (created or replaced), at most {@code cap} bytes, telling
     * {@code progress} the bytes received so far every {@value #PROGRESS_EVERY} bytes and once at the end. The URL is
     * checked again (its host resolved again, the connection pinned to the address checked now). On any failure
     * {@code target} is left as it was and no temporary file stays.
     *
     * @return the bytes written
     * @throws dev.imagecatalog.net.AddressRefusedException (invalid input) if the URL or a redirect target is refused
     * @throws TooLargeException           if the announced {@code Content-Length} or the bytes received pass
     *                                     {@code cap} (no byte of an over-long announced body is read)
     * @throws BackendUnavailableException if the server cannot be reached, answers other than 2xx, redirects more
     *                                     than allowed, times out, or sends a body shorter or longer than its
     *                                     {@code Content-Length}; also if the thread is interrupted
     */
    long fetch(String url, Path target, long cap, LongConsumer progress) {
        Path dir = target.toAbsolutePath().getParent();
        Path part = null;
        try (PinnedResponse r = client.get(url, Map.of())) {
            if (r.status() < 200 || r.status() > 299) {
                throw new BackendUnavailableException("web-download of " + shown(url) + " failed: " + r.url()
                        + " answered " + r.status());
            }
            long announced = r.contentLength();
            if (announced > cap) {
                throw tooLarge(url, "announces " + announced + " bytes", cap);
            }
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, target.getFileName() + ".", ".part");
            long written = copy(url, r.body(), part, cap, progress);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            forceDirectory(dir);
            progress.accept(written);
            LOG.debug("web-download of {} ({}): {} bytes into {}", shown(url), r.url(), written, target);
            return written;
        } catch (InterruptedIOException e) {
            throw new BackendUnavailableException("web-download of " + shown(url) + " timed out or was interrupted ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("web-download of " + shown(url) + " failed: " + e.getMessage(), e);
        } finally {
            if (part != null) {
                deleteQuietly(part);
            }
        }
    }

    private static long copy(String url, InputStream body, Path part, long cap, LongConsumer progress)
            throws IOException {
        byte[] buf = new byte[BUFFER];
        long written = 0;
        long reported = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int n; (n = body.read(buf, 0, (int) Math.min(buf.length - 1, cap - written) + 1)) >= 0; ) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted after " + written + " bytes");
                }
                if (written + n > cap) {
                    throw tooLarge(url, "sent more than " + cap + " bytes", cap);
                }
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
                if (written - reported >= PROGRESS_EVERY) {
                    progress.accept(written);
                    reported = written;
                }
            }
            out.force(true);
        }
        return written;
    }

    private static TooLargeException tooLarge(String url, String what, long cap) {
        return new TooLargeException("web-download of " + shown(url) + " refused: it " + what + ", over the "
                + cap + "-byte cap");
    }

    /** Makes the rename durable; a file system that cannot force a directory is left to its own ordering. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove the partial download {}: {}", p, e.toString());
        }
    }

    private static String shown(String url) {
        return url.length() <= 200 ? url : url.substring(0, 200) + "...";
    }
}
