package dev.imagecatalog.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before a request reaches the {@link Dispatcher} (a header too large, a malformed
 * request line, an ambiguous path): in Glance's error shape and with an {@code x-openstack-request-id}, like every
 * other answer.
 */
public final class GlanceErrorHandler implements Request.Handler {
    private final ObjectMapper mapper;

    public GlanceErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Answers every method (Jetty's own handler writes no body for PUT, PATCH or DELETE). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        int code = response.getStatus();
        if (code < 400 && request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer status) {
            code = status;
            response.setStatus(code);
        }
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (!response.getHeaders().contains(Dispatcher.REQUEST_ID)) {
            response.getHeaders().put(Dispatcher.REQUEST_ID, "req-" + UUID.randomUUID());
        }
        ErrorResponses.Rendered r = ErrorResponses.render(mapper, code, message == null ? null : message.toString(),
                request.getHeaders().get(HttpHeader.ACCEPT));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
    }
}
