package dev.imagecatalog.server.auth;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.http.Authenticator;
import dev.imagecatalog.server.http.HttpError;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Glance without Keystone: the caller is whoever the headers say ({@code X-Project-Id} or {@code X-Tenant-Id},
 * {@code X-User-Id} or {@code X-User}, {@code X-Roles} as a comma-separated list). A request that names no project
 * and no roles runs as Glance's unauthenticated context does: an administrator of no project. For test harnesses
 * and trusted networks only.
 */
public final class NoAuthAuthenticator implements Authenticator {

    @Override
    public RequestContext authenticate(Function<String, String> headers) {
        String project = first(headers, "X-Project-Id", "X-Tenant-Id", "X-Tenant");
        String user = first(headers, "X-User-Id", "X-User");
        String roleList = first(headers, "X-Roles");
        if (project == null && roleList == null) {
            return new RequestContext(null, user, Set.of(RequestContext.ADMIN_ROLE));
        }
        Set<String> roles = new LinkedHashSet<>();
        if (roleList != null) {
            for (String r : roleList.split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.trim());
                }
            }
        }
        try {
            return new RequestContext(project, user, roles);
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "A request without a project needs the admin role.");
        }
    }

    private static String first(Function<String, String> headers, String... names) {
        for (String n : names) {
            String v = headers.apply(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
