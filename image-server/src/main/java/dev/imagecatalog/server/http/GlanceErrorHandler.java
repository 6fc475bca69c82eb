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
public final class GlanceErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    public GlanceErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        if (!response.getHeaders().contains(Dispatcher.REQUEST_ID)) {
            response.getHeaders().put(Dispatcher.REQUEST_ID, "req-" + UUID.randomUUID());
        }
        byte[] body = mapper.writeValueAsBytes(ErrorResponses.body(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
