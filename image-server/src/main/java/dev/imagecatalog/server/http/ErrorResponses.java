package dev.imagecatalog.server.http;

import dev.imagecatalog.error.ImageCatalogException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP answer: {@link HttpError} answers its own status, every catalog
 * exception the status of its {@link dev.imagecatalog.error.ErrorKind}, anything else 500 (logged with its stack).
 * The body has Glance's (webob's) JSON error shape: {@code {"message": ..., "code": "404 Not Found", "title":
 * "Not Found"}}.
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

    /**
     * Answers a failure. When the answer has already started (a download failed mid-stream) the connection is
     * aborted instead, so the client sees a short body, never a wrong one.
     *
     * @return true when an error answer was written; false when the exchange must be aborted
     */
    static boolean answer(Exchange ex, Throwable t) {
        int status = status(t);
        String message = status == 500 ? "The server could not complete the request." : t.getMessage();
        if (t instanceof EofException || t.getCause() instanceof EofException) {
            LOG.info("{} {}: the client went away: {}", ex.method(), ex.requestId(), t.toString());
        } else if (status >= 500) {
            LOG.warn("{} {} failed ({}): {}", ex.method(), ex.requestId(), status, t.toString(), status == 500 ? t : null);
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
            ex.json(status, body(status, message));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send the error answer for {}: {}", ex.requestId(), e.toString());
            return false;
        }
    }
}
