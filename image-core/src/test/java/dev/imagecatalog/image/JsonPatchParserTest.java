package dev.imagecatalog.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.ImagePatch.Op;
import dev.imagecatalog.image.ImagePatch.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPatchParserTest {

    private static List<Operation> ops(String json) {
        return ImagePatch.fromJson(json).operations();
    }

    private static Operation one(String json) {
        List<Operation> ops = ops(json);
        assertThat(ops).hasSize(1);
        return ops.get(0);
    }

    private static void assertInvalid(String json, String messagePart) {
        assertThatThrownBy(() -> ImagePatch.fromJson(json)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void parsesAddReplaceRemoveInOrder() {
        List<Operation> ops = ops("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"},"
                + "{\"op\":\"add\",\"path\":\"/os_distro\",\"value\":\"ubuntu\"},"
                + "{\"op\":\"remove\",\"path\":\"/hw_disk_bus\"}]");

        assertThat(ops).containsExactly(new Operation(Op.REPLACE, "name", "x"),
                new Operation(Op.ADD, "os_distro", "ubuntu"), new Operation(Op.REMOVE, "hw_disk_bus", null));
    }

    @Test
    void anEmptyArrayIsAnEmptyPatch() {
        assertThat(ops("[]")).isEmpty();
        assertThat(ops("  [ ]  ")).isEmpty();
    }

    @Test
    void valuesAreConverted() {
        assertThat(one("[{\"op\":\"add\",\"path\":\"/protected\",\"value\":true}]").value()).isEqualTo(Boolean.TRUE);
        assertThat(one("[{\"op\":\"add\",\"path\":\"/os_hidden\",\"value\":false}]").value()).isEqualTo(Boolean.FALSE);
        assertThat(one("[{\"op\":\"add\",\"path\":\"/min_ram\",\"value\":512}]").value()).isEqualTo(512L);
        assertThat(one("[{\"op\":\"add\",\"path\":\"/min_disk\",\"value\":-3}]").value()).isEqualTo(-3L);
        assertThat(one("[{\"op\":\"add\",\"path\":\"/min_disk\",\"value\":9007199254740993}]").value())
                .isEqualTo(9007199254740993L);
        assertThat(one("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[\"a\",\"b\"]}]").value())
                .isEqualTo(List.of("a", "b"));
        assertThat(one("[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[]}]").value()).isEqualTo(List.of());
        assertThat(one("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":null}]").value()).isNull();
        assertThat(one("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"\\u00e9t\\u00e9\"}]").value()).isEqualTo("été");
    }

    @Test
    void removeIgnoresAnyValue() {
        assertThat(one("[{\"op\":\"remove\",\"path\":\"/k\",\"value\":{\"x\":1}}]"))
                .isEqualTo(new Operation(Op.REMOVE, "k", null));
    }

    @Test
    void jsonPointerEscapesAreDecoded() {
        assertThat(one("[{\"op\":\"add\",\"path\":\"/a~1b\",\"value\":\"v\"}]").path()).isEqualTo("a/b");
        assertThat(one("[{\"op\":\"add\",\"path\":\"/a~0b\",\"value\":\"v\"}]").path()).isEqualTo("a~b");
        assertThat(one("[{\"op\":\"add\",\"path\":\"/~01\",\"value\":\"v\"}]").path()).isEqualTo("~1");
        assertThat(one("[{\"op\":\"add\",\"path\":\"/x~10\",\"value\":\"v\"}]").path()).isEqualTo("x/0");
    }

    @Test
    void aLocationReplaceTakesTheWholeListAsPlainMapsAndLists() {
        Operation op = one("[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[{\"url\":\"file:///x\",\"metadata\":{}}]}]");

        assertThat(op.path()).isEqualTo("locations");
        assertThat(op.position()).isNull();
        assertThat(op.isLocationChange()).isTrue();
        assertThat(op.value()).isEqualTo(List.of(Map.of("url", "file:///x", "metadata", Map.of())));
    }

    @Test
    void locationAddAndRemoveTakeOnePosition() {
        Operation add = one("[{\"op\":\"add\",\"path\":\"/locations/-\",\"value\":{\"url\":\"s3://b/k\","
                + "\"metadata\":{},\"validation_data\":{\"checksum\":\"ab\"}}}]");
        assertThat(add).isEqualTo(new Operation(ImagePatch.Op.ADD, "locations", Map.of("url", "s3://b/k", "metadata",
                Map.of(), "validation_data", Map.of("checksum", "ab")), ImagePatch.END));
        assertThat(one("[{\"op\":\"add\",\"path\":\"/locations/3\",\"value\":{}}]").position()).isEqualTo(3);
        Operation remove = one("[{\"op\":\"remove\",\"path\":\"/locations/0\"}]");
        assertThat(remove).isEqualTo(new Operation(ImagePatch.Op.REMOVE, "locations", null, 0));
        assertThat(one("[{\"op\":\"remove\",\"path\":\"/locations/-\"}]").position()).isEqualTo(ImagePatch.END);
        assertThat(one("[{\"op\":\"add\",\"path\":\"/name\",\"value\":\"n\"}]").position()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"add|/locations", "remove|/locations", "replace|/locations/0",
        "replace|/locations/-", "add|/locations/x", "add|/locations/-1", "remove|/locations/1e3",
        "add|/locations/0/url", "remove|/locations/9999999999", "add|/locations/"})
    void locationPathsOfTheWrongDepthOrPositionAreInvalid(String op, String path) {
        assertInvalid("[{\"op\":\"" + op + "\",\"path\":\"" + path + "\"" + (op.equals("remove") ? "" : ",\"value\":{}")
                + "}]", path);
    }

    // ------------------------------------------------------------------ invalid documents

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "[{\"op\":\"add\"", "[] []", "[1,]"})
    void malformedJsonIsInvalid(String json) {
        assertInvalid(json, "invalid patch");
    }

    @Test
    void nullIsInvalid() {
        assertThatThrownBy(() -> JsonPatchParser.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"op\":\"add\",\"path\":\"/name\",\"value\":\"x\"}", "\"x\"", "1", "null", "true"})
    void aBodyThatIsNotAnArrayIsInvalid(String json) {
        assertInvalid(json, "expected a JSON array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[\"add\"]", "[[]]", "[null]"})
    void anOperationThatIsNotAnObjectIsInvalid(String json) {
        assertInvalid(json, "operation 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "move", "copy", "ADD", "", "delete"})
    void unsupportedOpsAreInvalid(String op) {
        assertInvalid("[{\"op\":\"" + op + "\",\"path\":\"/name\",\"value\":\"x\",\"from\":\"/a\"}]", "'op'");
    }

    @Test
    void aMissingOrNonStringOpIsInvalid() {
        assertInvalid("[{\"path\":\"/name\",\"value\":\"x\"}]", "'op'");
        assertInvalid("[{\"op\":1,\"path\":\"/name\",\"value\":\"x\"}]", "'op'");
        assertInvalid("[{\"op\":null,\"path\":\"/name\",\"value\":\"x\"}]", "'op'");
    }

    @Test
    void aMissingOrNonStringPathIsInvalid() {
        assertInvalid("[{\"op\":\"add\",\"value\":\"x\"}]", "'path'");
        assertInvalid("[{\"op\":\"remove\",\"path\":[\"name\"]}]", "'path'");
        assertInvalid("[{\"op\":\"remove\",\"path\":null}]", "'path'");
    }

    @Test
    void addAndReplaceNeedAValue() {
        assertInvalid("[{\"op\":\"add\",\"path\":\"/name\"}]", "'value'");
        assertInvalid("[{\"op\":\"replace\",\"path\":\"/name\"}]", "'value'");
    }

    @Test
    void theFailingOperationIsNamed() {
        assertInvalid("[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"x\"},{\"op\":\"add\",\"path\":\"b\",\"value\":\"x\"}]",
                "operation 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "", "/", "//name", "/a//b", "/a/ /b", "/name/", "/a/b", "/tags/-", "/locations",
        "/locations/x", "/a~2", "/a~", "/~", "/ ", "/~1x"})
    void badPointersAreInvalid(String path) {
        assertInvalid("[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"x\"}]", "'path'");
        assertInvalid("[{\"op\":\"remove\",\"path\":\"" + path + "\"}]", "'path'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", "{}", "{\"a\":\"b\"}", "[1]", "[\"a\",2]", "[null]", "[[\"a\"]]",
        "99999999999999999999"})
    void unsupportedValuesAreInvalid(String value) {
        assertInvalid("[{\"op\":\"add\",\"path\":\"/k\",\"value\":" + value + "}]", "'k'");
        assertInvalid("[{\"op\":\"replace\",\"path\":\"/k\",\"value\":" + value + "}]", "'k'");
    }

    @Test
    void duplicateMembersAreInvalid() {
        assertInvalid("[{\"op\":\"add\",\"op\":\"remove\",\"path\":\"/k\",\"value\":\"x\"}]", "invalid patch");
    }

    @Test
    void manyOperationsKeepTheirOrder() {
        String[] parts = new String[50];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = "{\"op\":\"add\",\"path\":\"/k" + i + "\",\"value\":\"" + i + "\"}";
        }
        List<Operation> ops = ops("[" + String.join(",", Arrays.asList(parts)) + "]");

        assertThat(ops).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(ops.get(i)).isEqualTo(new Operation(Op.ADD, "k" + i, String.valueOf(i)));
        }
    }
}
