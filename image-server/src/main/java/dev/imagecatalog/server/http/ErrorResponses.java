package dev.imagecatalog.server.http;

import dev.imagecatalog.error.ImageCatalogException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP answer: {@link HttpError} answers its own status, every catalog
 * exception the status of its {@link dev.imagecatalog.error.ErrorKind}, anything else 500 (logged with its stack).
 * The body is what Glance's webob sends for the request's {@code Accept}: a client that accepts JSON (or sends no
 * {@code Accept}) gets {@code {"message": ..., "code": "404 Not Found", "title": "Not Found"}}; one that asks for
 * HTML or only {@code *}{@code /*} (python-glanceclient, which parses nothing else) gets webob's small HTML page.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** {@return the status a failure answers} */
    static int status(Throwable t) {
        if (t instanceof HttpError e) {
            return e.status();
        }
        if (t instanceof ImageCatalogException e) {
            return e.httpStatus();
        }
        return 500;
    }

    /** {@return Glance's error body for a status and message} */
    static Map<String, Object> body(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        String reason = HttpStatus.getMessage(status);
        m.put("message", message == null ? reason : message);
        m.put("code", status + " " + reason);
        m.put("title", reason);
        return m;
    }

    /** An error answer's media type and bytes. */
    record Rendered(String contentType, byte[] body) {
    }

    /** {@return the error body for a status and message in the form the {@code accept} header asks for} */
    static Rendered render(ObjectMapper mapper, int status, String message, String accept) throws IOException {
        Map<String, Object> json = body(status, message);
        if (!wantsHtml(accept)) {
            return new Rendered(Exchange.JSON, mapper.writeValueAsBytes(json));
        }
        String title = json.get("code").toString();
        String html = "<html>\n <head>\n  <title>" + escape(title) + "</title>\n </head>\n <body>\n  <h1>"
                + escape(title) + "</h1>\n  " + escape(json.get("message").toString()) + "<br /><br />\n\n\n\n"
                + " </body>\n</html>";
        return new Rendered("text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean wantsHtml(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") || (a.contains("*/*") && !a.contains("json"));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Answers a failure. When the answer has already started (a download failed mid-stream) the connection is
     * aborted instead, so the client sees a short body, never a wrong one.
     *
     * @return true when an error answer was written; false when the exchange must be aborted
     */
    static boolean answer(Exchange ex, Throwable t) {
        int status = status(t);
        String message = status == 500 ? "The server could not complete the request." : t.getMessage();
        if (status >= 500) {
            LOG.warn("{} {} failed ({}): {}", ex.method(), ex.requestId(), status, t.toString(), status == 500 ? t : null);
        } else if (t instanceof EofException || t.getCause() instanceof EofException) {
            LOG.info("{} {}: the client went away: {}", ex.method(), ex.requestId(), t.toString());
        } else {
            LOG.debug("{} {} answered {}: {}", ex.method(), ex.requestId(), status, message);
        }
        if (ex.committed()) {
            return false;
        }
        try {
            if (t instanceof HttpError e) {
                e.headers().forEach(ex::setHeader);
            }
            Rendered r = render(ex.mapper(), status, message, ex.header("Accept"));
            ex.bytes(status, r.contentType(), r.body());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send the error answer for {}: {}", ex.requestId(), e.toString());
            return false;
        }
    }
}
