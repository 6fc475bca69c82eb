package dev.imagecatalog.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.policy.RequestContext;
import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The server's one Jetty handler: gives every answer its {@code x-openstack-request-id}, finds the route,
 * authenticates the caller (except for anonymous routes; a path or method with no route is answered 404 or 405 only
 * to a caller who authenticates, as keystonemiddleware answers 401 before routing), runs the route on the server thread (routes block), and
 * turns whatever it throws into an answer through {@link ErrorResponses}.
 */
public final class Dispatcher extends Handler.Abstract {
    /** The response header that carries the request id, as Glance (oslo.middleware) names it. */
    public static final String REQUEST_ID = "x-openstack-request-id";

    private final Router router;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final long maxJsonBytes;

    public Dispatcher(Router router, Authenticator authenticator, ObjectMapper mapper, long maxJsonBytes) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.maxJsonBytes = maxJsonBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = "req-" + UUID.randomUUID();
        response.getHeaders().put(REQUEST_ID, requestId);
        Exchange ex = new Exchange(request, response, mapper, maxJsonBytes, requestId);
        try {
            Router.Match match;
            try {
                match = router.match(request.getMethod(), request.getHttpURI().getPath());
            } catch (HttpError noRoute) {
                authenticator.authenticate(ex::header); // an unauthenticated caller learns 401, not which paths exist
                throw noRoute;
            }
            RequestContext caller = match.anonymous() ? null : authenticator.authenticate(ex::header);
            ex.bind(caller, match.params());
            match.handler().handle(ex);
            if (!ex.answered()) {
                throw new IllegalStateException("route " + match.template() + " did not answer");
            }
            callback.succeeded();
        } catch (Throwable t) {
            if (ErrorResponses.answer(ex, t)) {
                callback.succeeded();
            } else {
                callback.failed(t);
            }
        }
        return true;
    }
}
