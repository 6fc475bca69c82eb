package dev.imagecatalog;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the project (tenant) the call acts for, the user, the user's roles in that project, and whether
 * the caller is an administrator. An {@link dev.imagecatalog.image.ImageService} is bound to one context.
 *
 * <p>Roles follow Keystone's secure-RBAC names ({@code admin}, {@code member}, {@code reader}); a context whose
 * roles contain {@code admin} is an administrator.
 *
 * @param projectId the caller's project, owner of the images it creates; may be null only for an administrator
 * @param userId    the caller's user id, may be null
 * @param roles     the caller's roles, never null
 */
public record RequestContext(String projectId, String userId, Set<String> roles) {

    /** The role that makes a caller an administrator. */
    public static final String ADMIN_ROLE = "admin";

    public RequestContext {
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        if (projectId == null && !roles.contains(ADMIN_ROLE)) {
            throw new IllegalArgumentException("a non-admin request context needs a project id");
        }
    }

    /** A caller with the {@code member} and {@code reader} roles in {@code projectId}. */
    public static RequestContext member(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of("member", "reader"));
    }

    /** A caller with only the {@code reader} role in {@code projectId}. */
    public static RequestContext reader(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of("reader"));
    }

    /** An administrator acting for {@code projectId}. */
    public static RequestContext admin(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of(ADMIN_ROLE, "member", "reader"));
    }

    /** True if the caller is an administrator. */
    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** True if the caller has {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
