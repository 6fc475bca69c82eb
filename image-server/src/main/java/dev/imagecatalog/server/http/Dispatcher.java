package dev.imagecatalog.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.policy.RequestContext;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
    /** The most of an unread request body read and dropped before a refusal is answered (see Exchange.drainBody). */
    static final long DRAIN_LIMIT = 2L << 20;

    private final Router router;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final long maxJsonBytes;
    private final Object idle = new Object();
    private int inFlight;

    public Dispatcher(Router router, Authenticator authenticator, ObjectMapper mapper, long maxJsonBytes) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.maxJsonBytes = maxJsonBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        synchronized (idle) {
            inFlight++;
        }
        try {
            dispatch(request, response, callback);
        } finally {
            synchronized (idle) {
                if (--inFlight == 0) {
                    idle.notifyAll();
                }
            }
        }
        return true;
    }

    /**
     * Waits until no route is running (after the connectors closed, a route blocked on a cut-off upload fails and
     * returns its image to {@code queued} promptly).
     *
     * @param timeout the longest wait
     * @return true when no route is running
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    private void dispatch(Request request, Response response, Callback callback) {
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
            if (!ex.committed()) {
                ex.drainBody(DRAIN_LIMIT);
            }
            if (ErrorResponses.answer(ex, t)) {
                callback.succeeded();
            } else {
                callback.failed(t);
            }
        }
    }
}
