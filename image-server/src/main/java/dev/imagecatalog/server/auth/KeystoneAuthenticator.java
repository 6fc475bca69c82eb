package dev.imagecatalog.server.auth;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.http.Authenticator;
import dev.imagecatalog.server.http.HttpError;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Glance behind keystonemiddleware's auth_token: the caller is whoever Keystone says the {@code X-Auth-Token} belongs
 * to. The token's project, user and roles become the {@link RequestContext} (the {@code admin} role makes an
 * administrator). A request without a token, or with one Keystone does not accept (malformed, expired, revoked),
 * or with an {@code X-Service-Token} Keystone does not accept, is answered 401 with
 * {@code WWW-Authenticate: Keystone uri="..."}. A token that is valid but scoped to no project is refused the same
 * way unless it carries the admin role. Verdicts are cached ({@link TokenCache}); Keystone unreachable is a 503.
 */
final class KeystoneAuthenticator implements Authenticator {
    /** keystonemiddleware's 401 message. */
    static final String UNAUTHORIZED = "The request you have made requires authentication.";
    /** The longest token considered (Keystone's fernet tokens are ~200 characters, JWS ones ~800). */
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Function<String, Optional<KeystoneToken>> keystone;
    private final TokenCache cache;
    private final Map<String, String> challenge;

    /**
     * @param keystone           asks Keystone about a token ({@link KeystoneClient#validate}): empty when refused
     * @param cache              the verdicts already known
     * @param wwwAuthenticateUri the {@code uri} of a 401's challenge
     */
    KeystoneAuthenticator(Function<String, Optional<KeystoneToken>> keystone, TokenCache cache,
                          String wwwAuthenticateUri) {
        this.keystone = keystone;
        this.cache = cache;
        this.challenge = Map.of("WWW-Authenticate", "Keystone uri=\"" + wwwAuthenticateUri + "\"");
    }

    @Override
    public RequestContext authenticate(Function<String, String> headers) {
        KeystoneToken user = valid(headers.apply("X-Auth-Token"))
                .orElseThrow(() -> refused(UNAUTHORIZED));
        String serviceToken = headers.apply("X-Service-Token");
        if (serviceToken != null && valid(serviceToken).isEmpty()) {
            throw refused(UNAUTHORIZED);
        }
        try {
            return new RequestContext(user.projectId(), user.userId(), user.roles());
        } catch (IllegalArgumentException e) {
            throw refused("The token is not scoped to a project.");
        }
    }

    /** {@return Keystone's (possibly cached) verdict: empty for a missing, malformed or refused token} */
    private Optional<KeystoneToken> valid(String token) {
        if (token == null || !plausible(token.trim())) {
            return Optional.empty();
        }
        return cache.lookup(token.trim(), keystone);
    }

    /** A token is visible ASCII of a sane length; anything else is refused without asking Keystone. */
    private static boolean plausible(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private HttpError refused(String message) {
        return new HttpError(401, message, challenge);
    }
}
