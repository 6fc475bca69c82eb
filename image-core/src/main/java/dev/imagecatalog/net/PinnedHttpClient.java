package dev.imagecatalog.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 client for {@code GET} and {@code HEAD} of URLs a user gave, connecting only to the addresses
 * the {@link AddressGuard} checked. The JDK's {@code HttpClient} resolves the host itself when it connects, so a
 * name could resolve to a checked public address and then, on the client's own lookup, to a private one (DNS
 * rebinding); this client opens the socket to the checked {@link InetAddress} and keeps the URL's host for the
 * {@code Host} header, the TLS server name (SNI) and the certificate's hostname verification.
 *
 * <p>One request per connection ({@code Connection: close}); bodies by {@code Content-Length}, chunked or until the
 * server closes, streamed from the socket through a buffer of {@value #BUFFER} bytes; redirects ({@code 301},
 * {@code 302}, {@code 303}, {@code 307}, {@code 308}) followed up to a limit, each target checked by the guard
 * again; a connect timeout and a read timeout on every read. No cookies, no authentication, no compression
 * ({@code Accept-Encoding: identity}).
 *
 * <p>Thread-safe: each request has its own socket.
 */
public final class PinnedHttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedHttpClient.class);
    static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final AddressGuard guard;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxRedirects;
    private final SSLSocketFactory tls;

    /**
     * A client whose every connection, redirects included, passes {@code guard}.
     *
     * @param guard          checks each URL and gives the addresses to connect to
     * @param connectTimeout the longest a TCP connect (and TLS handshake) may take
     * @param readTimeout    the longest any one read may wait for bytes
     * @param maxRedirects   how many redirects one request follows (0: none)
     * @param tls            makes the TLS sockets (trust store, protocols)
     */
    public PinnedHttpClient(AddressGuard guard, Duration connectTimeout, Duration readTimeout, int maxRedirects,
                            SSLSocketFactory tls) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.connectTimeoutMillis = millis(connectTimeout);
        this.readTimeoutMillis = millis(readTimeout);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects < 0");
        }
        this.maxRedirects = maxRedirects;
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /**
     * The JVM's default TLS socket factory (its default trust store).
     *
     * @return {@code SSLContext.getDefault().getSocketFactory()}
     * @throws IllegalStateException if the JVM has no default TLS context
     */
    public static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    private static int millis(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0 || ms > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a timeout from 1 ms to " + Integer.MAX_VALUE + " ms: " + d);
        }
        return (int) ms;
    }

    /**
     * The guard this client checks URLs with.
     *
     * @return the guard
     */
    public AddressGuard guard() {
        return guard;
    }

    /**
     * Sends {@code GET url}, following redirects.
     *
     * @param url     an absolute {@code http} or {@code https} URL
     * @param headers extra request headers ({@code Range}); no CR or LF
     * @return the final response, whose body the caller reads and closes
     * @throws AddressRefusedException if the guard refuses the URL or a redirect target
     * @throws IOException             if no checked address accepts a connection, the exchange fails or times out,
     *                                 or there are more redirects than allowed
     */
    public PinnedResponse get(String url, Map<String, String> headers) throws IOException {
        return send("GET", guard.check(url), headers);
    }

    /**
     * Sends {@code HEAD url}, following redirects.
     *
     * @param url     an absolute {@code http} or {@code https} URL
     * @param headers extra request headers; no CR or LF
     * @return the final response (its body is empty)
     * @throws AddressRefusedException if the guard refuses the URL or a redirect target
     * @throws IOException             if the exchange fails, times out, or there are more redirects than allowed
     */
    public PinnedResponse head(String url, Map<String, String> headers) throws IOException {
        return send("HEAD", guard.check(url), headers);
    }

    private PinnedResponse send(String method, CheckedUrl first, Map<String, String> headers) throws IOException {
        CheckedUrl url = first;
        for (int redirects = 0; ; redirects++) {
            PinnedResponse r = exchange(method, url, headers);
            String location = r.header("location").orElse(null);
            if (!REDIRECTS.contains(r.status()) || location == null) {
                return r;
            }
            r.close();
            if (redirects == maxRedirects) {
                throw new IOException(first + " redirects more than " + maxRedirects + " times");
            }
            url = guard.checkRedirect(url, location);
            LOG.debug("{} {} redirected ({}) to {}", method, r.url(), r.status(), url);
            if (r.status() == 303) {
                method = "HEAD".equals(method) ? "HEAD" : "GET";
            }
        }
    }

    /** One request on a new connection to one of the checked addresses. */
    private PinnedResponse exchange(String method, CheckedUrl url, Map<String, String> headers) throws IOException {
        Socket socket = connect(url);
        try {
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request(method, url, headers).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            int status;
            Map<String, String> fields;
            do {
                status = statusLine(url, ResponseBodies.readLine(in));
                fields = fields(in);
            } while (status >= 100 && status < 200);
            return new PinnedResponse(url, status, fields, body(method, status, fields, in), socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket connect(CheckedUrl url) throws IOException {
        IOException last = null;
        for (InetAddress address : url.addresses()) {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(address, url.port()), connectTimeoutMillis);
                return url.tls() ? handshake(plain, url) : plain;
            } catch (IOException e) {
                plain.close();
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                LOG.debug("connecting to {} ({}) failed: {}", url.host(), address.getHostAddress(), e.toString());
            }
        }
        throw last;
    }

    /** TLS over the connected socket: server name and hostname verification from the URL's host. */
    private SSLSocket handshake(Socket plain, CheckedUrl url) throws IOException {
        String host = url.host().startsWith("[") ? url.host().substring(1, url.host().length() - 1) : url.host();
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, url.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!url.hostIsLiteral()) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        plain.setSoTimeout(connectTimeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    private static String request(String method, CheckedUrl url, Map<String, String> headers) {
        StringBuilder r = new StringBuilder(256).append(method).append(' ').append(url.requestTarget())
                .append(" HTTP/1.1\r\nHost: ").append(url.hostHeader())
                .append("\r\nUser-Agent: imagecatalog\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
                        + "Connection: close\r\n");
        headers.forEach((name, value) -> {
            if (!name.matches("[A-Za-z0-9-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("bad request header " + name);
            }
            r.append(name).append(": ").append(value).append("\r\n");
        });
        return r.append("\r\n").toString();
    }

    private static int statusLine(CheckedUrl url, String line) throws IOException {
        if (line == null) {
            throw new IOException(url + " closed the connection without answering");
        }
        if (!line.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
            throw new IOException(url + " answered a bad status line: "
                    + line.substring(0, Math.min(80, line.length())));
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private static Map<String, String> fields(InputStream in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = ResponseBodies.readLine(in);
            if (line == null) {
                throw new IOException("connection closed inside the response headers");
            }
            if (line.isEmpty()) {
                return fields;
            }
            if (n == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad response header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            fields.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    private static InputStream body(String method, int status, Map<String, String> fields, InputStream in)
            throws IOException {
        if ("HEAD".equals(method) || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        String encoding = fields.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                throw new IOException("unsupported transfer-encoding " + encoding);
            }
            return ResponseBodies.chunked(in);
        }
        String length = fields.get("content-length");
        if (length != null) {
            if (!length.matches("[0-9]{1,18}")) {
                throw new IOException("bad content-length " + length);
            }
            return ResponseBodies.fixed(in, Long.parseLong(length));
        }
        return in;
    }
}
