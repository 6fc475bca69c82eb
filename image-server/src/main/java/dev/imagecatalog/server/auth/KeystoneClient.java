package dev.imagecatalog.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.error.BackendUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's calls to Keystone v3, as keystonemiddleware's auth_token makes them: it authenticates as its service
 * user ({@code POST /v3/auth/tokens}, password method, project scope), keeps that token until shortly before it
 * expires or until Keystone refuses it, and validates a caller's token with {@code GET /v3/auth/tokens?nocatalog}
 * ({@code X-Auth-Token}: the service token, {@code X-Subject-Token}: the caller's). Keystone unreachable, timing out,
 * refusing the service user or answering anything unexpected is {@link BackendUnavailableException} (503): a
 * caller is never let through because Keystone could not be asked.
 */
final class KeystoneClient {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneClient.class);
    /** keystoneauth's margin: a service token is renewed when it has less than this left (or half its life). */
    private static final Duration RENEW_MARGIN = Duration.ofSeconds(120);
    private static final String JSON = "application/json";
    /** keystonemiddleware's 503 message. */
    static final String UNAVAILABLE = "The Keystone service is temporarily unavailable.";

    private final KeystoneConfig config;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final URI tokens;
    private final Object renewing = new Object();
    private volatile ServiceToken service;

    private record ServiceToken(String id, Instant renewAt) {
    }

    KeystoneClient(KeystoneConfig config, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.tokens = URI.create(config.identityUrl() + "/auth/tokens?nocatalog");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Asks Keystone about a caller's token.
     *
     * @param subjectToken the caller's token (already checked to be a plausible token: visible ASCII)
     * @return the token, or empty when Keystone does not know it as valid (malformed, expired, revoked)
     * @throws BackendUnavailableException if Keystone cannot answer the question
     */
    Optional<KeystoneToken> validate(String subjectToken) {
        for (int attempt = 1; ; attempt++) {
            String serviceToken = serviceToken();
            HttpRequest request = HttpRequest.newBuilder(tokens).timeout(config.timeout()).GET()
                    .header("Accept", JSON).header("X-Auth-Token", serviceToken)
                    .header("X-Subject-Token", subjectToken).build();
            HttpResponse<byte[]> answer = send(request, "validating a token");
            switch (answer.statusCode()) {
                case 200:
                    return Optional.of(parse(answer, "the token validation"));
                case 404:
                    return Optional.empty();
                case 401:
                    forget(serviceToken);
                    if (attempt == 1) {
                        LOG.info("Keystone refused the service token; authenticating again");
                        continue;
                    }
                    throw unavailable("Keystone refused a fresh service token of " + serviceUser());
                case 403:
                    throw unavailable("the service user " + serviceUser() + " may not validate tokens (403): it needs"
                            + " the admin or service role");
                default:
                    throw unavailable("Keystone answered " + answer.statusCode() + " to a token validation");
            }
        }
    }

    /** {@return the service token, authenticating when there is none or it is about to expire} */
    String serviceToken() {
        ServiceToken current = service;
        if (current != null && clock.instant().isBefore(current.renewAt())) {
            return current.id();
        }
        synchronized (renewing) {
            current = service;
            if (current == null || !clock.instant().isBefore(current.renewAt())) {
                current = authenticate();
                service = current;
            }
            return current.id();
        }
    }

    /** Drops the service token if it is still {@code refused}, so the next call authenticates again. */
    private void forget(String refused) {
        synchronized (renewing) {
            ServiceToken current = service;
            if (current != null && current.id().equals(refused)) {
                service = null;
            }
        }
    }

    private ServiceToken authenticate() {
        HttpRequest request = HttpRequest.newBuilder(tokens).timeout(config.timeout())
                .header("Content-Type", JSON).header("Accept", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(passwordAuthBody())).build();
        HttpResponse<byte[]> answer = send(request, "authenticating the service user");
        if (answer.statusCode() == 401) {
            throw unavailable("Keystone refused the service credentials of " + serviceUser()
                    + " (server.keystone.username, .password, .project, .user-domain, .project-domain)");
        }
        if (answer.statusCode() != 201) {
            throw unavailable("Keystone answered " + answer.statusCode() + " to the service user's authentication");
        }
        String id = answer.headers().firstValue("X-Subject-Token").orElse("");
        if (id.isBlank()) {
            throw unavailable("Keystone's authentication answer has no X-Subject-Token");
        }
        KeystoneToken token = parse(answer, "the service user's authentication");
        Instant now = clock.instant();
        Duration life = Duration.between(now, token.expiresAt());
        Duration half = life.isNegative() ? Duration.ZERO : life.dividedBy(2);
        Duration margin = half.compareTo(RENEW_MARGIN) < 0 ? half : RENEW_MARGIN;
        LOG.debug("service token of {} valid until {}", serviceUser(), token.expiresAt());
        return new ServiceToken(id, token.expiresAt().minus(margin));
    }

    private byte[] passwordAuthBody() {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", config.username());
        user.putObject("domain").put("name", config.userDomain());
        user.put("password", config.password());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", config.project());
        project.putObject("domain").put("name", config.projectDomain());
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the authentication body", e);
        }
    }

    private KeystoneToken parse(HttpResponse<byte[]> answer, String what) {
        try {
            return KeystoneToken.fromJson(mapper.readTree(answer.body()));
        } catch (IOException | IllegalArgumentException e) {
            throw unavailable("Keystone's answer to " + what + " is not a token: " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw unavailable("Keystone at " + config.identityUrl() + " did not answer within " + config.timeout()
                    + " (" + what + ")");
        } catch (IOException e) {
            throw unavailable("Keystone at " + config.identityUrl() + " cannot be reached (" + what + "): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while " + what);
        }
    }

    private String serviceUser() {
        return "'" + config.username() + "' (project '" + config.project() + "')";
    }

    /** The detail goes to the log; the caller hears only that Keystone is unavailable, as from keystonemiddleware. */
    private static BackendUnavailableException unavailable(String detail) {
        LOG.warn("Keystone: {}", detail);
        return new BackendUnavailableException(UNAVAILABLE);
    }
}
