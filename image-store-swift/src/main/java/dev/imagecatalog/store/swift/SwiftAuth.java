package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ForbiddenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One way of obtaining a token and a storage URL. */
interface SwiftAuth {

    /** A token, the storage URL it is valid for, and when it expires (null: unknown, never refreshed proactively). */
    record Token(String value, String storageUrl, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token{storageUrl=" + storageUrl + ", expiresAt=" + expiresAt + "}"; // never the secret
        }
    }

    /** Fetches a new token. */
    Token authenticate(HttpClient http, Duration timeout) throws IOException, InterruptedException;

    /** Whether {@link #authenticate} can produce a different token (false for a pre-issued token). */
    default boolean canRefresh() {
        return true;
    }

    /** Swift's TempAuth / v1.0 auth: {@code GET auth_url} with {@code X-Auth-User}/{@code X-Auth-Key}. */
    final class TempAuth implements SwiftAuth {
        private final URI url;
        private final String user;
        private final String key;

        TempAuth(URI url, String user, String key) {
            this.url = url;
            this.user = user;
            this.key = key;
        }

        @Override
        public Token authenticate(HttpClient http, Duration timeout) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET()
                    .header("X-Auth-User", user).header("X-Auth-Key", key).build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 401 || resp.statusCode() == 403) {
                throw new ForbiddenException("Swift TempAuth at " + url + " refused user '" + user + "' (HTTP "
                        + resp.statusCode() + ")");
            }
            if (resp.statusCode() / 100 != 2) {
                throw new BackendUnavailableException("Swift TempAuth at " + url + " answered HTTP " + resp.statusCode());
            }
            String token = resp.headers().firstValue("X-Auth-Token").orElse(null);
            String storage = resp.headers().firstValue("X-Storage-Url").orElse(null);
            if (token == null || storage == null) {
                throw new BackendUnavailableException("Swift TempAuth at " + url + " sent no token or storage URL");
            }
            Instant expires = resp.headers().firstValue("X-Auth-Token-Expires")
                    .map(s -> Instant.now().plusSeconds(Long.parseLong(s.trim()))).orElse(null);
            return new Token(token, storage, expires);
        }
    }

    /** Keystone v3: password or application credential, storage URL from the catalog. */
    final class KeystoneAuth implements SwiftAuth {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final URI tokensUrl;
        private final ObjectNode body;
        private final String serviceType;
        private final String region;
        private final String endpointInterface;

        private KeystoneAuth(String authUrl, ObjectNode body, String serviceType, String region, String endpointInterface) {
            String base = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
            if (!base.endsWith("/v3")) {
                base = base + "/v3";
            }
            this.tokensUrl = URI.create(base + "/auth/tokens");
            this.body = body;
            this.serviceType = serviceType;
            this.region = region;
            this.endpointInterface = endpointInterface;
        }

        static KeystoneAuth password(String authUrl, String user, String userDomain, String password, String project,
                                     String projectDomain, String serviceType, String region, String endpointInterface) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode auth = root.putObject("auth");
            ObjectNode identity = auth.putObject("identity");
            identity.putArray("methods").add("password");
            ObjectNode u = identity.putObject("password").putObject("user");
            u.put("name", user);
            u.putObject("domain").put("name", userDomain);
            u.put("password", password);
            ObjectNode p = auth.putObject("scope").putObject("project");
            p.put("name", project);
            p.putObject("domain").put("name", projectDomain);
            return new KeystoneAuth(authUrl, root, serviceType, region, endpointInterface);
        }

        static KeystoneAuth applicationCredential(String authUrl, String id, String secret, String serviceType,
                                                  String region, String endpointInterface) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode identity = root.putObject("auth").putObject("identity");
            identity.putArray("methods").add("application_credential");
            ObjectNode ac = identity.putObject("application_credential");
            ac.put("id", id);
            ac.put("secret", secret);
            return new KeystoneAuth(authUrl, root, serviceType, region, endpointInterface);
        }

        @Override
        public Token authenticate(HttpClient http, Duration timeout) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(tokensUrl).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() == 401 || resp.statusCode() == 403) {
                throw new ForbiddenException("Keystone at " + tokensUrl + " refused the credentials (HTTP "
                        + resp.statusCode() + ")");
            }
            if (resp.statusCode() != 201 && resp.statusCode() != 200) {
                throw new BackendUnavailableException("Keystone at " + tokensUrl + " answered HTTP " + resp.statusCode());
            }
            String token = resp.headers().firstValue("X-Subject-Token")
                    .orElseThrow(() -> new BackendUnavailableException("Keystone sent no X-Subject-Token"));
            JsonNode t = JSON.readTree(resp.body()).path("token");
            Instant expires = t.hasNonNull("expires_at") ? Instant.parse(t.get("expires_at").asText()) : null;
            String url = endpoint(t.path("catalog")).orElseThrow(() -> new BackendUnavailableException(
                    "Keystone catalog has no '" + serviceType + "' endpoint with interface '" + endpointInterface + "'"
                            + (region == null ? "" : " in region '" + region + "'")));
            return new Token(token, url, expires);
        }

        /** The endpoint URL of {@code serviceType} for the configured interface and region. */
        Optional<String> endpoint(JsonNode catalog) {
            for (JsonNode service : catalog) {
                if (!serviceType.equals(service.path("type").asText())) {
                    continue;
                }
                for (JsonNode ep : service.path("endpoints")) {
                    boolean interfaceMatches = endpointInterface.equals(ep.path("interface").asText());
                    boolean regionMatches = region == null || region.equals(ep.path("region_id").asText())
                            || region.equals(ep.path("region").asText());
                    if (interfaceMatches && regionMatches) {
                        return Optional.of(ep.path("url").asText());
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** A pre-issued token and its storage URL; it cannot be refreshed. */
    final class PreIssuedToken implements SwiftAuth {
        private final Token token;

        PreIssuedToken(String token, String storageUrl) {
            this.token = new Token(token, storageUrl, null);
        }

        @Override
        public Token authenticate(HttpClient http, Duration timeout) {
            return token;
        }

        @Override
        public boolean canRefresh() {
            return false;
        }
    }
}
