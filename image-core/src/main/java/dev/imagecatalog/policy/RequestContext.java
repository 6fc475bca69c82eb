package dev.imagecatalog.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the project (tenant) the call acts for, the user, the user's roles in that project, and whether
 * the caller is an administrator. An {@link dev.imagecatalog.image.ImageService} is bound to one context.
 *
 * <p>Roles follow Keystone's secure-RBAC names ({@code admin}, {@code member}, {@code reader}); a context whose
 * roles contain {@code admin} is an administrator. Role names compare case-insensitively everywhere (visibility,
 * ownership, policy rules, property protections, metadefs), as oslo.policy compares them: {@code Admin} and
 * {@code ADMIN} are {@code admin}. {@link #roles()} keeps the names as given; ask {@link #hasRole(String)}.
 *
 * @param projectId the caller's project, owner of the images it creates; may be null only for an administrator
 * @param userId    the caller's user id, may be null
 * @param roles     the caller's roles, never null
 */
public record RequestContext(String projectId, String userId, Set<String> roles) {

    /** The role that makes a caller an administrator. */
    public static final String ADMIN_ROLE = "admin";

    /**
     * Checks and copies the components.
     *
     * @param projectId the caller's project; may be null only for an administrator
     * @param userId    the caller's user id, may be null
     * @param roles     the caller's roles, never null (copied)
     * @throws NullPointerException     if {@code roles} is null
     * @throws IllegalArgumentException if {@code projectId} is null and the roles do not contain {@code admin}
     */
    public RequestContext {
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        if (projectId == null && !containsRole(roles, ADMIN_ROLE)) {
            throw new IllegalArgumentException("a non-admin request context needs a project id");
        }
    }

    /**
     * A caller with the {@code member} and {@code reader} roles in {@code projectId}.
     *
     * @param projectId the project the caller acts for
     * @param userId    the caller's user id, may be null
     * @return the context
     */
    public static RequestContext member(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of("member", "reader"));
    }

    /**
     * A caller with only the {@code reader} role in {@code projectId}.
     *
     * @param projectId the project the caller acts for
     * @param userId    the caller's user id, may be null
     * @return the context
     */
    public static RequestContext reader(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of("reader"));
    }

    /**
     * An administrator acting for {@code projectId}.
     *
     * @param projectId the project the caller acts for
     * @param userId    the caller's user id, may be null
     * @return the context
     */
    public static RequestContext admin(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of(ADMIN_ROLE, "member", "reader"));
    }

    /** {@return true if the caller is an administrator: it has the role {@code admin} in any letter case} */
    public boolean isAdmin() {
        return hasRole(ADMIN_ROLE);
    }

    /**
     * Whether the caller has a role, compared case-insensitively (as oslo.policy compares role names).
     *
     * @param role the role name, in any letter case
     * @return true if the caller has {@code role}
     */
    public boolean hasRole(String role) {
        return containsRole(roles, role);
    }

    /** The one rule for role names: equal when equal after lower-casing (locale-independent). */
    private static boolean containsRole(Set<String> roles, String role) {
        String wanted = role.toLowerCase(Locale.ROOT);
        for (String r : roles) {
            if (r.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
