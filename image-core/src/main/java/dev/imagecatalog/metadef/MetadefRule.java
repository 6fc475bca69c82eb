package dev.imagecatalog.metadef;

import java.util.Locale;

/**
 * The policy rules the metadef service checks: Glance's names (glance/policies/metadef.py), whose defaults are in
 * {@link dev.imagecatalog.policy.Policy#DEFAULT_RULES}.
 */
enum MetadefRule {
    METADEF_ADMIN,
    GET_METADEF_NAMESPACE,
    GET_METADEF_NAMESPACES,
    ADD_METADEF_NAMESPACE,
    MODIFY_METADEF_NAMESPACE,
    DELETE_METADEF_NAMESPACE,
    GET_METADEF_OBJECT,
    GET_METADEF_OBJECTS,
    ADD_METADEF_OBJECT,
    MODIFY_METADEF_OBJECT,
    DELETE_METADEF_OBJECT,
    GET_METADEF_PROPERTY,
    GET_METADEF_PROPERTIES,
    ADD_METADEF_PROPERTY,
    MODIFY_METADEF_PROPERTY,
    REMOVE_METADEF_PROPERTY,
    GET_METADEF_TAG,
    GET_METADEF_TAGS,
    ADD_METADEF_TAG,
    ADD_METADEF_TAGS,
    MODIFY_METADEF_TAG,
    DELETE_METADEF_TAG,
    DELETE_METADEF_TAGS,
    LIST_METADEF_RESOURCE_TYPES,
    GET_METADEF_RESOURCE_TYPE,
    ADD_METADEF_RESOURCE_TYPE_ASSOCIATION,
    REMOVE_METADEF_RESOURCE_TYPE_ASSOCIATION;

    private final String ruleName = name().toLowerCase(Locale.ROOT);

    /** The rule's name in the policy ({@code policy.<name>} overrides it). */
    String ruleName() {
        return ruleName;
    }
}
