package dev.imagecatalog.server.clients;

import dev.imagecatalog.server.ImageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * openstack4j against a server that validates Keystone tokens: each user authenticates with its password against the
 * dev Keystone (openstack4j's own v3 password flow), and the image endpoint is the test's server (the catalog's image
 * endpoint is another port). The owner is {@code admin}, the member project {@code demo}.
 */
class Openstack4jKeystoneTest extends Openstack4jScenarios {
    static KeystoneFixtures keystone;
    static ImageServer server;
    static Config config;
    static Token adminToken;
    static Token demoToken;

    @BeforeAll
    static void start() {
        keystone = KeystoneFixtures.require();
        server = keystone.startServer();
        String endpoint = server.uri().toString();
        config = Config.newConfig().withEndpointURLResolver(new EndpointURLResolver() {
            @Override
            public String findURLV2(URLResolverParams params) {
                return endpoint;
            }

            @Override
            public String findURLV3(URLResolverParams params) {
                return endpoint;
            }
        });
        adminToken = authenticate(keystone.admin());
        demoToken = authenticate(keystone.demo());
    }

    static Token authenticate(KeystoneFixtures.User user) {
        return OSFactory.builderV3().endpoint(keystone.authUrl()).withConfig(config)
                .credentials(user.name(), user.password(), Identifier.byName(user.domain()))
                .scopeToProject(Identifier.byName(user.project()), Identifier.byName(user.domain()))
                .authenticate().getToken();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    OSClientV3 owner() {
        return OSFactory.clientFromToken(adminToken, Facing.PUBLIC, config);
    }

    @Override
    OSClientV3 member() {
        return OSFactory.clientFromToken(demoToken, Facing.PUBLIC, config);
    }

    @Override
    String memberProject() {
        return keystone.demoProjectId();
    }
}
