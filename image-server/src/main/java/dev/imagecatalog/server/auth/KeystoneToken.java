package dev.imagecatalog.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What Keystone says about a valid token: who it was issued to, for which project, with which roles, until when.
 *
 * @param userId    the user's id
 * @param projectId the project the token is scoped to, or null (unscoped, domain- or system-scoped)
 * @param roles     the role names the token carries
 * @param expiresAt the token's {@code expires_at}
 */
record KeystoneToken(String userId, String projectId, Set<String> roles, Instant expiresAt) {

    KeystoneToken {
        roles = Set.copyOf(roles);
    }

    /**
     * Reads the {@code token} object of Keystone's {@code GET} or {@code POST /v3/auth/tokens} answer.
     *
     * @param body the answer's JSON
     * @return the token
     * @throws IllegalArgumentException if the answer has no {@code token.expires_at} Keystone's format
     */
    static KeystoneToken fromJson(JsonNode body) {
        JsonNode token = body.path("token");
        String expires = token.path("expires_at").asText(null);
        if (expires == null) {
            throw new IllegalArgumentException("no token.expires_at in Keystone's answer");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(expires);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("token.expires_at is not a time: " + expires, e);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : token.path("roles")) {
            String name = role.path("name").asText("");
            if (!name.isBlank()) {
                roles.add(name);
            }
        }
        String project = token.path("project").path("id").asText(null);
        return new KeystoneToken(token.path("user").path("id").asText(null), project, roles, expiresAt);
    }
}
