package dev.imagecatalog.server.clients;

import dev.imagecatalog.server.ImageServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * openstack4j against a server under noauth. openstack4j always wants a token: it gets one made up (no Keystone is
 * asked), with an endpoint resolver that answers the server's URL for every service, and Glance's noauth headers
 * ({@code X-Project-Id}, {@code X-Roles}) through {@code OSClient.headers}, so two projects can be played.
 */
class Openstack4jNoauthTest extends Openstack4jScenarios {
    static final String OWNER = "d0000000000000000000000000000001";
    static final String MEMBER = "e0000000000000000000000000000002";
    static ImageServer server;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static OSClientV3 as(String project) {
        String endpoint = server.uri().toString();
        KeystoneToken token = new KeystoneToken();
        token.setId("noauth");
        Config config = Config.newConfig().withEndpointURLResolver(new EndpointURLResolver() {
            @Override
            public String findURLV2(URLResolverParams params) {
                return endpoint;
            }

            @Override
            public String findURLV3(URLResolverParams params) {
                return endpoint;
            }
        });
        return OSFactory.clientFromToken(token, Facing.PUBLIC, config)
                .headers(Map.of("X-Project-Id", project, "X-User-Id", "user-of-" + project,
                        "X-Roles", "member,reader"));
    }

    @Override
    OSClientV3 owner() {
        return as(OWNER);
    }

    @Override
    OSClientV3 member() {
        return as(MEMBER);
    }

    @Override
    String memberProject() {
        return MEMBER;
    }
}
