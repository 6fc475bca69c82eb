package dev.imagecatalog.server.http;

/** What a route does with one request. It answers through the exchange or throws; the dispatcher maps throws. */
@FunctionalInterface
public interface RouteHandler {
    void handle(Exchange exchange) throws Exception;
}
