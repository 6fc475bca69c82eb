package dev.imagecatalog.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its answer, as a route sees them: the caller, the path parameters, the query, the headers, the
 * body (as a stream or as bounded JSON), and the ways to answer (JSON, no content, a stream). Blocking: a route
 * runs on a server thread and may read and write as it goes.
 */
public final class Exchange {
    /** The JSON media type and the JSON-patch media types Glance accepts on {@code PATCH /v2/images/{id}}. */
    public static final String JSON = "application/json";

    private final Request request;
    private final Response response;
    private final ObjectMapper mapper;
    private final long maxJsonBytes;
    private final String requestId;
    private RequestContext context;
    private Map<String, String> params = Map.of();
    private Map<String, List<String>> query;
    private boolean answered;

    Exchange(Request request, Response response, ObjectMapper mapper, long maxJsonBytes, String requestId) {
        this.request = request;
        this.response = response;
        this.mapper = mapper;
        this.maxJsonBytes = maxJsonBytes;
        this.requestId = requestId;
    }

    void bind(RequestContext context, Map<String, String> params) {
        this.context = context;
        this.params = params;
    }

    // ------------------------------------------------------------------ the request

    /** {@return the authenticated caller} */
    public RequestContext context() {
        return context;
    }

    /** {@return the id of this request, also sent back in {@code x-openstack-request-id}} */
    public String requestId() {
        return requestId;
    }

    /** {@return the HTTP method} */
    public String method() {
        return request.getMethod();
    }

    /** {@return a decoded path parameter of the route's template} */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path parameter " + name);
        }
        return v;
    }

    /** {@return the decoded query parameters, each with its values in the order sent} */
    public Map<String, List<String>> query() {
        if (query == null) {
            Fields fields;
            try {
                fields = Request.extractQueryParameters(request);
            } catch (RuntimeException e) {
                throw HttpError.badRequest("Malformed query string.");
            }
            Map<String, List<String>> m = new LinkedHashMap<>();
            for (Fields.Field f : fields) {
                m.put(f.getName(), Collections.unmodifiableList(new ArrayList<>(f.getValues())));
            }
            query = Collections.unmodifiableMap(m);
        }
        return query;
    }

    /** {@return the first value of a query parameter, or null} */
    public String queryFirst(String name) {
        List<String> v = query().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** {@return a request header, or null} */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** {@return the request's media type without parameters, lower case, or null when absent} */
    public String mediaType() {
        String ct = header("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** {@return the declared body length, or -1 when the body is chunked or absent} */
    public long contentLength() {
        return request.getLength();
    }

    /** {@return the request body as a stream (blocking reads), for uploads} */
    public InputStream body() {
        return Request.asInputStream(request);
    }

    /**
     * Reads the body as JSON: at most the server's JSON body limit (413 beyond it), well-formed (400 otherwise).
     *
     * @param mediaTypes the media types accepted; another gives 415 (with {@code Accept-Patch} naming them when
     *                   they are JSON-patch types)
     * @return the parsed document
     */
    public JsonNode json(String... mediaTypes) {
        String type = mediaType();
        boolean ok = false;
        for (String t : mediaTypes) {
            ok |= t.equals(type);
        }
        if (!ok) {
            Map<String, String> headers = mediaTypes[0].contains("json-patch")
                    ? Map.of("Accept-Patch", String.join(", ", mediaTypes)) : Map.of();
            throw new HttpError(415, "Unsupported Content-Type", headers);
        }
        long declared = contentLength();
        if (declared > maxJsonBytes) {
            throw new HttpError(413, "Request body is larger than " + maxJsonBytes + " bytes.");
        }
        byte[] bytes;
        try (InputStream in = body()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxJsonBytes + 1));
        } catch (IOException e) {
            throw HttpError.badRequest("Could not read the request body.");
        }
        if (bytes.length > maxJsonBytes) {
            throw new HttpError(413, "Request body is larger than " + maxJsonBytes + " bytes.");
        }
        if (bytes.length == 0) {
            throw HttpError.badRequest("Malformed JSON in request body.");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw HttpError.badRequest("Malformed JSON in request body.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("Malformed JSON in request body.");
        } catch (IOException e) {
            throw HttpError.badRequest("Could not read the request body.");
        }
    }

    /** {@return the body as JSON of media type {@code application/json}} */
    public JsonNode json() {
        return json(JSON);
    }

    /** {@return the server's JSON mapper} */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@return scheme and authority the client used, as {@code http://host:port}, for absolute links} */
    public String hostUrl() {
        return request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
    }

    // ------------------------------------------------------------------ the answer

    /** Sets a response header (before the body starts). */
    public Exchange setHeader(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    /** Answers with a status and a JSON body. */
    public void json(int status, Object body) throws IOException {
        bytes(status, JSON, mapper.writeValueAsBytes(body));
    }

    /** Answers with a status and a body held in memory (a small document). */
    public void bytes(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        answered = true;
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    /** Answers with a status and no body (204 and the like). */
    public void status(int status) throws IOException {
        response.setStatus(status);
        if (status != 204 && status != 304) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        }
        answered = true;
        Content.Sink.write(response, true, null);
    }

    /**
     * Starts a streamed answer; the caller writes the body and closes the stream.
     *
     * @param status        the status
     * @param contentType   the media type
     * @param contentLength the body length, or -1 for chunked
     * @return the body stream
     */
    public OutputStream stream(int status, String contentType, long contentLength) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        if (contentLength >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        }
        answered = true;
        return Content.Sink.asOutputStream(response);
    }

    /**
     * Reads and drops what is left of a request body of at most {@code limit} bytes (declared, or chunked), so that
     * an answer given before the body was read (a refusal) reaches the client: a server that closes a connection
     * with unread data makes the client's TCP stack discard the answer. A larger body is left alone (the
     * connection is closed after the answer). A client that expects {@code 100 Continue} has sent nothing yet and
     * is refused without being asked for its body.
     *
     * @return true when the body was read to its end
     */
    boolean drainBody(long limit) {
        long declared = request.getLength();
        String expect = header("Expect");
        if (declared == 0 || declared > limit || (expect != null && expect.equalsIgnoreCase("100-continue"))) {
            return declared == 0;
        }
        try {
            InputStream in = Request.asInputStream(request);
            byte[] sink = new byte[8192];
            long read = 0;
            int n;
            while (read <= limit && (n = in.read(sink)) >= 0) {
                read += n;
            }
            return read <= limit;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    boolean answered() {
        return answered;
    }

    boolean committed() {
        return response.isCommitted();
    }
}
