package dev.imagecatalog.server.http;

import dev.imagecatalog.policy.RequestContext;
import java.util.function.Function;

/** Turns a request's headers into the caller, or refuses with {@link HttpError} 401 (and {@code WWW-Authenticate}). */
@FunctionalInterface
public interface Authenticator {
    /**
     * Authenticates one request.
     *
     * @param headers a request header by name (case-insensitive), or null when absent
     * @return the caller
     * @throws HttpError 401 when the request carries no valid credentials
     */
    RequestContext authenticate(Function<String, String> headers);
}
