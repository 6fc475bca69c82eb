package dev.imagecatalog.bench;

import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** The HTTP floor: a bare Jetty 12 server on 127.0.0.1 whose one handler answers 200 with no body and no work. */
final class FloorServer implements AutoCloseable {
    private final Server server = new Server();
    private final URI uri;

    FloorServer() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
