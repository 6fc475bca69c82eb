package dev.imagecatalog.metadata.jdbc;

import java.util.List;

/**
 * The schema migration that adds the metadata definitions tables. Self-contained (it depends on no other step's
 * tables), so {@link SchemaMigrator} can give it any version number; every statement is {@code IF NOT EXISTS}.
 *
 * <ul>
 *   <li>{@code metadef_namespaces}: one row per namespace aggregate. The columns list, filter and sort need
 *       ({@code namespace}, {@code owner}, {@code visibility}, {@code is_protected}, {@code created_at},
 *       {@code updated_at}) and the compare-and-set {@code version}, plus {@code body}: the whole aggregate in
 *       {@code MetadefJson}'s lossless storage form (objects, properties, tags, associations, timestamps).</li>
 *   <li>{@code metadef_namespace_resource_types}: the resource type names a namespace is associated with (the
 *       list filter), rewritten with the aggregate; renames follow by {@code ON UPDATE CASCADE}.</li>
 *   <li>{@code metadef_resource_types}: resource types on their own.</li>
 * </ul>
 */
final class MetadefSchema {
    private MetadefSchema() {
    }

    static List<String> steps() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS metadef_namespaces ("
                        + "namespace VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "owner VARCHAR(255), "
                        + "visibility VARCHAR(16) NOT NULL, "
                        + "is_protected BOOLEAN NOT NULL, "
                        + "created_at BIGINT, "
                        + "updated_at BIGINT, "
                        + "version BIGINT NOT NULL, "
                        + "body VARCHAR NOT NULL)",
                "CREATE TABLE IF NOT EXISTS metadef_namespace_resource_types ("
                        + "namespace VARCHAR(255) NOT NULL REFERENCES metadef_namespaces(namespace) "
                        + "ON DELETE CASCADE ON UPDATE CASCADE, "
                        + "resource_type VARCHAR(255) NOT NULL, "
                        + "PRIMARY KEY (namespace, resource_type))",
                "CREATE TABLE IF NOT EXISTS metadef_resource_types ("
                        + "name VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "is_protected BOOLEAN NOT NULL, "
                        + "created_at BIGINT, "
                        + "updated_at BIGINT)",
                "CREATE INDEX IF NOT EXISTS ix_metadef_ns_rt_resource_type "
                        + "ON metadef_namespace_resource_types (resource_type, namespace)",
                "CREATE INDEX IF NOT EXISTS ix_metadef_ns_owner ON metadef_namespaces (owner, namespace)",
                "CREATE INDEX IF NOT EXISTS ix_metadef_ns_visibility ON metadef_namespaces (visibility, namespace)");
    }
}
