package dev.imagecatalog.metadef;

/**
 * A definition that applies to a resource's property: the key as set on the resource, and where its definition
 * comes from.
 *
 * @param key        the property key on the resource, such as {@code hw_cpu_policy}
 * @param namespace  the namespace defining it, such as {@code OS::Compute::CPUPinning}
 * @param prefix     the prefix of the namespace's association with the resource type (empty for none)
 * @param objectName the object whose property it is, or null for a namespace-level property
 * @param property   the definition (its name is the key without the prefix)
 */
public record ApplicableDefinition(String key, String namespace, String prefix, String objectName,
                                   MetadefProperty property) {
}
