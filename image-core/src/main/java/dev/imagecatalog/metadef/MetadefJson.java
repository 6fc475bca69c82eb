package dev.imagecatalog.metadef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.error.InvalidInputException;

/**
 * Reads and writes namespaces in Glance's metadefs JSON file format (what {@code etc/metadefs/*.json} holds and
 * {@code glance-manage db export_metadefs} writes), and in a lossless storage form (the same document plus
 * timestamps) for repositories that keep a namespace aggregate as one document.
 *
 * <p>Reading is strict: an unknown attribute or a value of the wrong JSON type is an {@link InvalidInputException}
 * naming its path (such as {@code properties.cpu_policy.enum}). Thread-safe.
 */
public final class MetadefJson {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final MetadefJsonReader reader = new MetadefJsonReader();
    private final MetadefJsonWriter writer = new MetadefJsonWriter(mapper);

    /** A reader and writer; one instance serves any number of threads. */
    public MetadefJson() {
    }

    /**
     * Parses a namespace from a Glance metadefs document. Timestamps in the document are ignored.
     *
     * @param json the document
     * @return the namespace, without timestamps, version 0
     * @throws InvalidInputException if the text is not JSON, or naming the path of an unknown or mistyped attribute
     */
    public MetadefNamespace fromGlanceJson(String json) {
        return reader.read(parse(json), false);
    }

    /**
     * Parses a namespace from a Glance metadefs document already read as a tree.
     *
     * @param json the document's tree
     * @return the namespace, without timestamps, version 0
     * @throws InvalidInputException naming the path of an unknown or mistyped attribute
     */
    public MetadefNamespace fromGlanceJson(JsonNode json) {
        return reader.read(json, false);
    }

    /**
     * The namespace as a Glance metadefs document (no timestamps, no version).
     *
     * @param namespace the namespace
     * @return the indented JSON document
     */
    public String toGlanceJson(MetadefNamespace namespace) {
        return write(writer.toTree(namespace, false));
    }

    /**
     * The namespace as a Glance metadefs tree (no timestamps, no version).
     *
     * @param namespace the namespace
     * @return the document's tree
     */
    public ObjectNode toGlanceTree(MetadefNamespace namespace) {
        return writer.toTree(namespace, false);
    }

    /**
     * Lossless text form of an aggregate, timestamps included (the version is not: the repository owns it).
     *
     * @param namespace the namespace
     * @return the JSON text
     */
    public String toStorageJson(MetadefNamespace namespace) {
        return write(writer.toTree(namespace, true));
    }

    /**
     * Reads {@link #toStorageJson}'s form back; the version is {@code version}.
     *
     * @param json    what {@link #toStorageJson} wrote
     * @param version the version to give the namespace (the repository's own)
     * @return the namespace, timestamps included
     * @throws InvalidInputException if the text is not such a document
     */
    public MetadefNamespace fromStorageJson(String json, long version) {
        return reader.read(parse(json), true).toBuilder().version(version).build();
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("not a JSON document: " + e.getOriginalMessage(), e);
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render metadef JSON", e);
        }
    }
}
