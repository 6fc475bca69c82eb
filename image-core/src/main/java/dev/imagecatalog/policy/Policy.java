package dev.imagecatalog.policy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Access policy as data: named rules, each an expression of the small rule language below, with Glance's
 * secure-RBAC defaults ({@link #DEFAULT_RULES}). Every {@link dev.imagecatalog.image.ImageService} and
 * {@link dev.imagecatalog.metadef.MetadefService} operation is checked against its rule. Immutable and thread-safe.
 *
 * <h2>Rule language</h2>
 * A subset of oslo.policy's, so Glance's rules paste in unchanged:
 * <ul>
 *   <li>{@code true} (also {@code @} or an empty rule) and {@code false} (also {@code !});</li>
 *   <li>{@code role:NAME}: the caller has role NAME;</li>
 *   <li>{@code rule:NAME}: the rule NAME holds;</li>
 *   <li>{@code CREDENTIAL:%(FIELD)s}: the caller's {@code project_id}, {@code user_id} or {@code is_admin}
 *       equals the target's FIELD ({@code project_id}/{@code owner}: the image owner; {@code member_id}: the
 *       member concerned, or for image rules the caller's project when it is a member of the image;
 *       {@code visibility}, {@code status}, {@code id}, {@code protected}, {@code name});</li>
 *   <li>{@code 'LITERAL':%(FIELD)s}: the target's FIELD equals LITERAL, e.g. {@code 'public':%(visibility)s};</li>
 *   <li>{@code owner}: shorthand for {@code project_id:%(project_id)s} (the caller's project owns the image);</li>
 *   <li>{@code not X}, {@code X and Y}, {@code X or Y} (not binds tightest, then and, then or) and parentheses.</li>
 * </ul>
 * Override a rule with the setting {@code policy.<rule> = <expression>}; new names may be defined and referenced
 * with {@code rule:}. A rule that does not parse, or refers to a rule that does not exist (or to itself through
 * others), fails the catalog build with a {@link CatalogConfigurationException} naming it.
 */
public final class Policy {

    /** The rule for creating an image. */
    public static final String ADD_IMAGE = "add_image";
    /** The rule for reading one image. */
    public static final String GET_IMAGE = "get_image";
    /** The rule for listing images. */
    public static final String GET_IMAGES = "get_images";
    /** The rule for updating an image (its fields, properties and tags). */
    public static final String MODIFY_IMAGE = "modify_image";
    /** The rule for making an image {@code public}. */
    public static final String PUBLICIZE_IMAGE = "publicize_image";
    /** The rule for making an image {@code community}. */
    public static final String COMMUNITIZE_IMAGE = "communitize_image";
    /** The rule for deleting an image. */
    public static final String DELETE_IMAGE = "delete_image";
    /** The rule for uploading an image's data. */
    public static final String UPLOAD_IMAGE = "upload_image";
    /** The rule for downloading an image's data. */
    public static final String DOWNLOAD_IMAGE = "download_image";
    /** The rule for deactivating an image. */
    public static final String DEACTIVATE = "deactivate";
    /** The rule for reactivating an image. */
    public static final String REACTIVATE = "reactivate";
    /** The rule for sharing an image with a project (adding a member). */
    public static final String ADD_MEMBER = "add_member";
    /** The rule for reading one of an image's members. */
    public static final String GET_MEMBER = "get_member";
    /** The rule for listing an image's members. */
    public static final String GET_MEMBERS = "get_members";
    /** The rule for a member accepting or rejecting an image (updating its status). */
    public static final String MODIFY_MEMBER = "modify_member";
    /** The rule for removing a member. */
    public static final String DELETE_MEMBER = "delete_member";
    /** The rule for copying an image's data into more stores (Glance's copy-image import). */
    public static final String COPY_IMAGE = "copy_image";
    /** The rule for reading an image's locations, and the first of the two rules for removing its data from a store. */
    public static final String GET_IMAGE_LOCATION = "get_image_location";
    /** The rule for adding or replacing locations through an image patch. */
    public static final String SET_IMAGE_LOCATION = "set_image_location";
    /** The rule for removing a location, or an image's data from one store. */
    public static final String DELETE_IMAGE_LOCATION = "delete_image_location";
    /** The rule for adding a location that already holds the image's bytes ({@code POST /v2/images/{id}/locations}). */
    public static final String ADD_IMAGE_LOCATION = "add_image_location";
    /** The rule for listing an image's locations ({@code GET /v2/images/{id}/locations}). */
    public static final String FETCH_IMAGE_LOCATION = "fetch_image_location";
    /** The rule for the stores' detail: type, weight and properties. */
    public static final String STORES_INFO_DETAIL = "stores_info_detail";
    /** The rule for reading a project's quota usage. */
    public static final String GET_USAGE = "get_usage";

    /** Glance's gate of the whole Tasks API (administrators by default). */
    public static final String TASKS_API_ACCESS = "tasks_api_access";
    /** Glance's rule to show a task. */
    public static final String GET_TASK = "get_task";
    /** Glance's rule to list tasks. */
    public static final String GET_TASKS = "get_tasks";
    /** Glance's rule to create a task. */
    public static final String ADD_TASK = "add_task";
    /** Glance's rule to change a task. */
    public static final String MODIFY_TASK = "modify_task";
    /** Glance's rule to queue an image for the image cache (administrators by default). */
    public static final String CACHE_IMAGE = "cache_image";
    /** Glance's rule to list the image cache (administrators by default). */
    public static final String CACHE_LIST = "cache_list";
    /** Glance's rule to remove images from the image cache, clear, prune or clean it (administrators by default). */
    public static final String CACHE_DELETE = "cache_delete";
    private static final String ADMIN = "role:admin";
    private static final String SERVICE = "role:service or role:admin";
    private static final String OWNER_MEMBER = "role:member and project_id:%(project_id)s";
    private static final String VISIBLE = "(project_id:%(project_id)s or project_id:%(member_id)s"
            + " or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s)";

    /**
     * Glance's secure-RBAC defaults (glance/policies/*.py), by rule name. Tags are changed under
     * {@code modify_image}, as in Glance.
     */
    public static final Map<String, String> DEFAULT_RULES = defaults0();

    private static Map<String, String> defaults0() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("default", "");
        m.put("context_is_admin", ADMIN);
        m.put("admin_or_owner_member", ADMIN + " or (" + OWNER_MEMBER + ")");
        m.put(ADD_IMAGE, ADMIN + " or (" + OWNER_MEMBER + " and project_id:%(owner)s)");
        m.put(GET_IMAGES, ADMIN + " or (role:reader and project_id:%(project_id)s)");
        m.put(GET_IMAGE, ADMIN + " or (role:reader and " + VISIBLE + ")");
        m.put(MODIFY_IMAGE, "rule:admin_or_owner_member");
        m.put(PUBLICIZE_IMAGE, ADMIN);
        m.put(COMMUNITIZE_IMAGE, "rule:admin_or_owner_member");
        m.put(DELETE_IMAGE, "rule:admin_or_owner_member");
        m.put(UPLOAD_IMAGE, "rule:admin_or_owner_member");
        m.put(DOWNLOAD_IMAGE, ADMIN + " or (role:member and " + VISIBLE + ")");
        m.put(DEACTIVATE, "rule:admin_or_owner_member");
        m.put(REACTIVATE, "rule:admin_or_owner_member");
        m.put(ADD_MEMBER, "rule:admin_or_owner_member");
        m.put(DELETE_MEMBER, "rule:admin_or_owner_member");
        m.put(GET_MEMBER, ADMIN + " or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s))");
        m.put(GET_MEMBERS, ADMIN + " or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s))");
        m.put(MODIFY_MEMBER, ADMIN + " or (role:member and project_id:%(member_id)s)");
        m.put(GET_USAGE, ADMIN + " or (role:reader and project_id:%(project_id)s)");
        m.put("service_api", SERVICE);
        m.put(COPY_IMAGE, ADMIN);
        m.put(GET_IMAGE_LOCATION, ADMIN + " or (role:reader and project_id:%(project_id)s)");
        m.put(SET_IMAGE_LOCATION, "rule:admin_or_owner_member");
        m.put(DELETE_IMAGE_LOCATION, ADMIN);
        m.put(ADD_IMAGE_LOCATION, SERVICE + " or (" + OWNER_MEMBER + " and project_id:%(owner)s)");
        m.put(FETCH_IMAGE_LOCATION, SERVICE);
        m.put(STORES_INFO_DETAIL, SERVICE);
        m.put(TASKS_API_ACCESS, ADMIN);
        m.put(CACHE_IMAGE, ADMIN);
        m.put(CACHE_LIST, ADMIN);
        m.put(CACHE_DELETE, ADMIN);
        m.put(GET_TASK, "rule:default");
        m.put(GET_TASKS, "rule:default");
        m.put(ADD_TASK, "rule:default");
        m.put(MODIFY_TASK, "rule:default");
        metadefDefaults(m);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Glance's metadef rules (glance/policies/metadef.py). The target is the namespace ({@code project_id} its
     * owner, {@code visibility}), or the caller's project for creating and listing. Writes default to
     * {@code metadef_admin} or a member of the owning project ({@code metadef_owner_member}).
     */
    private static void metadefDefaults(Map<String, String> m) {
        String read = ADMIN + " or (role:reader and (project_id:%(project_id)s or 'public':%(visibility)s))";
        String write = "rule:metadef_admin or rule:metadef_owner_member";
        m.put("metadef_default", "");
        m.put("metadef_admin", ADMIN);
        m.put("metadef_owner_member", OWNER_MEMBER);
        m.put("get_metadef_namespaces", ADMIN + " or (role:reader and project_id:%(project_id)s)");
        for (String r : new String[] {"get_metadef_namespace", "get_metadef_object", "get_metadef_objects",
                "get_metadef_property", "get_metadef_properties", "get_metadef_tag", "get_metadef_tags",
                "get_metadef_resource_type", "list_metadef_resource_types"}) {
            m.put(r, read);
        }
        for (String r : new String[] {"add_metadef_namespace", "modify_metadef_namespace", "delete_metadef_namespace",
                "add_metadef_object", "modify_metadef_object", "delete_metadef_object", "add_metadef_property",
                "modify_metadef_property", "remove_metadef_property", "add_metadef_tag", "add_metadef_tags",
                "modify_metadef_tag", "delete_metadef_tag", "delete_metadef_tags",
                "add_metadef_resource_type_association", "remove_metadef_resource_type_association"}) {
            m.put(r, write);
        }
    }

    private final Map<String, String> expressions;
    private final Map<String, PolicyExpression.Node> rules;

    private Policy(Map<String, String> expressions) {
        this.expressions = Collections.unmodifiableMap(new LinkedHashMap<>(expressions));
        Map<String, PolicyExpression.Node> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            try {
                parsed.put(e.getKey(), PolicyExpression.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new CatalogConfigurationException("invalid policy rule '" + e.getKey() + "' ('policy."
                        + e.getKey() + " = " + e.getValue() + "'): " + ex.getMessage());
            }
        }
        this.rules = Collections.unmodifiableMap(parsed);
        for (String name : rules.keySet()) {
            checkReferences(name, name, new HashSet<>());
        }
    }

    private void checkReferences(String root, String name, Set<String> path) {
        if (!path.add(name)) {
            throw new CatalogConfigurationException("invalid policy rule '" + root + "': it refers to itself through "
                    + path);
        }
        for (String ref : rules.get(name).references()) {
            if (!rules.containsKey(ref)) {
                throw new CatalogConfigurationException("invalid policy rule '" + name + "': it refers to 'rule:"
                        + ref + "', which is not defined");
            }
            checkReferences(root, ref, path);
        }
        path.remove(name);
    }

    /** {@return Glance's defaults} */
    public static Policy defaults() {
        return new Policy(DEFAULT_RULES);
    }

    /**
     * The defaults with rules replaced or added.
     *
     * @param overrides rule name to expression; they replace the defaults of the same name or add rules
     * @return the policy
     * @throws CatalogConfigurationException if an expression does not parse or refers to a rule that does not
     *                                       exist (or to itself)
     */
    public static Policy withOverrides(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULT_RULES);
        overrides.forEach((k, v) -> all.put(Objects.requireNonNull(k, "rule name"), Objects.requireNonNull(v, k)));
        return new Policy(all);
    }

    /**
     * The defaults overridden by every {@code policy.<rule>} setting.
     *
     * @param settings the catalog's settings
     * @return the policy
     * @throws CatalogConfigurationException naming the key of a rule that is empty-named, does not parse or refers
     *                                       to a rule that does not exist (or to itself)
     */
    public static Policy fromSettings(Settings settings) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : settings.keys()) {
            if (key.startsWith("policy.")) {
                String name = key.substring("policy.".length());
                if (name.isEmpty()) {
                    throw new CatalogConfigurationException("invalid setting '" + key + "': it names no rule");
                }
                overrides.put(name, settings.get(key).orElse(""));
            }
        }
        return withOverrides(overrides);
    }

    /** {@return every rule and its expression} */
    public Map<String, String> rules() {
        return expressions;
    }

    /**
     * Whether a rule allows a caller on a target.
     *
     * @param rule   the rule's name
     * @param ctx    the caller
     * @param target the values {@code %(name)s} refers to (the image's {@code project_id}, {@code visibility},
     *               {@code member_id}, ...)
     * @return true if the rule allows it
     * @throws IllegalArgumentException if there is no rule of that name
     */
    public boolean allows(String rule, RequestContext ctx, Map<String, String> target) {
        PolicyExpression.Node node = rules.get(rule);
        if (node == null) {
            throw new IllegalArgumentException("no policy rule '" + rule + "'");
        }
        return node.eval(new PolicyExpression.Env(ctx, target, rules));
    }

    /**
     * Refuses what a rule does not allow: {@link #allows}, or a {@link ForbiddenException}.
     *
     * @param rule   the rule's name
     * @param ctx    the caller
     * @param target the values {@code %(name)s} refers to
     * @param what   what the caller wanted to do, for the message ({@code "delete image 42"})
     * @throws ForbiddenException       naming the rule and {@code what} if the rule does not allow it
     * @throws IllegalArgumentException if there is no rule of that name
     */
    public void enforce(String rule, RequestContext ctx, Map<String, String> target, String what) {
        if (!allows(rule, ctx, target)) {
            throw new ForbiddenException("policy '" + rule + "' does not allow you to " + what);
        }
    }
}
