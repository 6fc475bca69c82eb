package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who may do what with metadefs, for one caller, as Glance decides it: Glance's namespace visibility and the
 * {@code get_metadef_namespace} rule (together: what the caller sees; the rest is not found), then the operation's
 * {@link MetadefRule} (forbidden), then the rules only a {@code metadef_admin} escapes (publishing, giving a
 * namespace to another project) and the protected flag.
 */
final class MetadefAccess {
    private final Policy policy;
    private final RequestContext context;

    MetadefAccess(Policy policy, RequestContext context) {
        this.policy = policy;
        this.context = context;
    }

    RequestContext context() {
        return context;
    }

    /**
     * Glance's {@code _is_namespace_visible} (admins; ownerless, public and the caller's project's namespaces)
     * without the read rule: which definitions apply to the caller's images.
     */
    boolean inScope(MetadefNamespace ns) {
        return context.isAdmin() || ns.owner() == null || ns.isPublic()
                || Objects.equals(ns.owner(), context.projectId());
    }

    /** True if the caller sees {@code ns}: it is in scope and {@code get_metadef_namespace} allows it. */
    boolean canSee(MetadefNamespace ns) {
        return inScope(ns) && policy.allows(MetadefRule.GET_METADEF_NAMESPACE.ruleName(), context, target(ns));
    }

    /** {@code rule} on a namespace the caller sees, else a {@link ForbiddenException} naming rule and namespace. */
    void require(MetadefRule rule, MetadefNamespace ns, String what) {
        policy.enforce(rule.ruleName(), context, target(ns), what + " metadef namespace '" + ns.namespace() + "'");
    }

    /** {@code rule} on the caller's own project (Glance's target for creating and listing). */
    void requireForCaller(MetadefRule rule, String what) {
        policy.enforce(rule.ruleName(), context, callerTarget(), what);
    }

    /** True if the caller is a {@code metadef_admin}. */
    boolean isMetadefAdmin() {
        return policy.allows(MetadefRule.METADEF_ADMIN.ruleName(), context, callerTarget());
    }

    /**
     * May the caller create {@code draft} (its owner already defaulted)? {@code add_metadef_namespace} and, for the
     * contents it holds, the rules adding them (as Glance's create checks); then only a {@code metadef_admin} creates
     * for another project or creates a public namespace.
     */
    void checkCreate(MetadefNamespace draft) {
        String name = "metadef namespace '" + draft.namespace() + "'";
        requireForCaller(MetadefRule.ADD_METADEF_NAMESPACE, "create " + name);
        if (!draft.resourceTypeAssociations().isEmpty()) {
            requireForCaller(MetadefRule.ADD_METADEF_RESOURCE_TYPE_ASSOCIATION, "associate " + name);
        }
        if (!draft.objects().isEmpty()) {
            requireForCaller(MetadefRule.ADD_METADEF_OBJECT, "add objects to " + name);
        }
        if (!draft.properties().isEmpty()) {
            requireForCaller(MetadefRule.ADD_METADEF_PROPERTY, "add properties to " + name);
        }
        if (!draft.tags().isEmpty()) {
            requireForCaller(MetadefRule.ADD_METADEF_TAG, "add tags to " + name);
        }
        if (isMetadefAdmin()) {
            return;
        }
        if (!Objects.equals(draft.owner(), context.projectId())) {
            throw new ForbiddenException("owner: only an admin may create namespace '" + draft.namespace()
                    + "' for another project");
        }
        if (draft.isPublic()) {
            throw new ForbiddenException("visibility: only an admin may create public namespace '"
                    + draft.namespace() + "'");
        }
    }

    /** Only a {@code metadef_admin} gives a namespace to another project or makes it public. */
    void checkAttributeChange(MetadefNamespace current, String owner, boolean makesPublic) {
        if (isMetadefAdmin()) {
            return;
        }
        if (!Objects.equals(owner, current.owner())) {
            throw new ForbiddenException("owner: only an admin may give namespace '" + current.namespace()
                    + "' to another project");
        }
        if (makesPublic && !current.isPublic()) {
            throw new ForbiddenException("visibility: only an admin may make namespace '" + current.namespace()
                    + "' public");
        }
    }

    /** {@code metadef_admin}, or a {@link ForbiddenException} saying that only an admin may {@code what}. */
    void requireMetadefAdmin(String what) {
        if (!isMetadefAdmin()) {
            throw new ForbiddenException("only an admin may " + what + " (policy '"
                    + MetadefRule.METADEF_ADMIN.ruleName() + "')");
        }
    }

    /** A protected namespace refuses deletion of itself and of its contents. */
    static void requireUnprotected(MetadefNamespace ns, String what) {
        if (ns.isProtected()) {
            throw new ForbiddenException("metadef namespace '" + ns.namespace() + "' is protected: cannot " + what);
        }
    }

    /** Glance's metadef target: the namespace's owner as {@code project_id}, its visibility, its name. */
    private static Map<String, String> target(MetadefNamespace ns) {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", ns.owner());
        t.put("owner", ns.owner());
        t.put("visibility", ns.visibility().jsonValue());
        t.put("namespace", ns.namespace());
        t.put("protected", ns.isProtected() ? "True" : "False");
        return t;
    }

    private Map<String, String> callerTarget() {
        Map<String, String> t = new HashMap<>();
        t.put("project_id", context.projectId());
        return t;
    }
}
