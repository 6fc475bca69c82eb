package dev.imagecatalog.metadef;

import dev.imagecatalog.image.Page;
import dev.imagecatalog.policy.RequestContext;
import java.util.List;
import java.util.Map;

/**
 * The {@link MetadefService} for one caller: each call goes to the class doing that job (namespaces, objects,
 * properties, tags, resource types and associations, import, image definitions), each of which checks access
 * through {@link MetadefAccess} and stores through {@link MetadefStore}.
 */
final class DefaultMetadefService implements MetadefService {
    private final RequestContext context;
    private final NamespaceCrud namespaces;
    private final ObjectCrud objects;
    private final PropertyCrud properties;
    private final TagCrud tags;
    private final AssociationCrud associations;
    private final NamespaceImport imports;
    private final ImageDefinitions images;

    DefaultMetadefService(RequestContext context, NamespaceCrud namespaces, ObjectCrud objects,
                          PropertyCrud properties, TagCrud tags, AssociationCrud associations,
                          NamespaceImport imports, ImageDefinitions images) {
        this.context = context;
        this.namespaces = namespaces;
        this.objects = objects;
        this.properties = properties;
        this.tags = tags;
        this.associations = associations;
        this.imports = imports;
        this.images = images;
    }

    @Override
    public RequestContext context() {
        return context;
    }

    @Override
    public MetadefNamespace createNamespace(MetadefNamespace draft) {
        return namespaces.create(draft);
    }

    @Override
    public MetadefNamespace getNamespace(String namespace) {
        return namespaces.get(namespace);
    }

    @Override
    public MetadefNamespace getNamespace(String namespace, String resourceType) {
        return namespaces.get(namespace, resourceType);
    }

    @Override
    public Page<MetadefNamespace> listNamespaces(NamespaceQuery query) {
        return namespaces.list(query);
    }

    @Override
    public MetadefNamespace updateNamespace(String namespace, MetadefNamespace replacement) {
        return namespaces.update(namespace, replacement);
    }

    @Override
    public void deleteNamespace(String namespace) {
        namespaces.delete(namespace);
    }

    @Override
    public void deleteObjects(String namespace) {
        namespaces.deleteObjects(namespace);
    }

    @Override
    public void deleteProperties(String namespace) {
        namespaces.deleteProperties(namespace);
    }

    @Override
    public void deleteTags(String namespace) {
        namespaces.deleteTags(namespace);
    }

    @Override
    public MetadefObject createObject(String namespace, MetadefObject object) {
        return objects.create(namespace, object);
    }

    @Override
    public MetadefObject getObject(String namespace, String name) {
        return objects.get(namespace, name);
    }

    @Override
    public List<MetadefObject> listObjects(String namespace) {
        return objects.list(namespace);
    }

    @Override
    public MetadefObject updateObject(String namespace, String name, MetadefObject replacement) {
        return objects.update(namespace, name, replacement);
    }

    @Override
    public void deleteObject(String namespace, String name) {
        objects.delete(namespace, name);
    }

    @Override
    public MetadefProperty createProperty(String namespace, MetadefProperty property) {
        return properties.create(namespace, property);
    }

    @Override
    public MetadefProperty getProperty(String namespace, String name) {
        return properties.get(namespace, name);
    }

    @Override
    public MetadefProperty getProperty(String namespace, String prefixedName, String resourceType) {
        return properties.get(namespace, prefixedName, resourceType);
    }

    @Override
    public List<MetadefProperty> listProperties(String namespace) {
        return properties.list(namespace);
    }

    @Override
    public MetadefProperty updateProperty(String namespace, String name, MetadefProperty replacement) {
        return properties.update(namespace, name, replacement);
    }

    @Override
    public void deleteProperty(String namespace, String name) {
        properties.delete(namespace, name);
    }

    @Override
    public MetadefTag createTag(String namespace, String name) {
        return tags.create(namespace, name);
    }

    @Override
    public List<MetadefTag> createTags(String namespace, List<String> names, TagMode mode) {
        return tags.create(namespace, names, mode);
    }

    @Override
    public MetadefTag getTag(String namespace, String name) {
        return tags.get(namespace, name);
    }

    @Override
    public List<MetadefTag> listTags(String namespace) {
        return tags.list(namespace);
    }

    @Override
    public MetadefTag updateTag(String namespace, String name, String newName) {
        return tags.rename(namespace, name, newName);
    }

    @Override
    public void deleteTag(String namespace, String name) {
        tags.delete(namespace, name);
    }

    @Override
    public List<MetadefResourceType> listResourceTypes() {
        return associations.listResourceTypes();
    }

    @Override
    public MetadefResourceType createResourceType(String name) {
        return associations.createResourceType(name);
    }

    @Override
    public ResourceTypeAssociation createAssociation(String namespace, ResourceTypeAssociation association) {
        return associations.create(namespace, association);
    }

    @Override
    public List<ResourceTypeAssociation> listAssociations(String namespace) {
        return associations.list(namespace);
    }

    @Override
    public void deleteAssociation(String namespace, String resourceType) {
        associations.delete(namespace, resourceType);
    }

    @Override
    public ImportReport importNamespaces(List<MetadefNamespace> namespaces, ExistingNamespacePolicy policy) {
        return imports.load(namespaces, policy);
    }

    @Override
    public boolean imagePropertyValidationEnabled() {
        return images.validationEnabled();
    }

    @Override
    public void validateImageProperties(Map<String, String> properties) {
        images.validate(properties);
    }

    @Override
    public List<ApplicableDefinition> definitionsForImage(Map<String, String> properties) {
        return images.definitionsFor(properties);
    }
}
