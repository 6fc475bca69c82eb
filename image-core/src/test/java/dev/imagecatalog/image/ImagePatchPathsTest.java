package dev.imagecatalog.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.ImagePatch.Op;
import dev.imagecatalog.image.ImagePatch.Operation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ImagePatch#builder()} and {@link ImagePatch#fromJson(String)} take the same paths the same way. */
class ImagePatchPathsTest {

    private static String json(String op, String path) {
        String quoted = "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "[{\"op\":\"" + op + "\",\"path\":" + quoted + (op.equals("remove") ? "" : ",\"value\":\"v\"") + "}]";
    }

    private static List<Operation> built(String op, String path) {
        ImagePatch.Builder b = ImagePatch.builder();
        switch (op) {
            case "add": b.add(path, "v"); break;
            case "replace": b.replace(path, "v"); break;
            default: b.remove(path);
        }
        return b.build().operations();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "add|/name|name", "replace|/name|name", "remove|/os_distro|os_distro",
        "add|/a~1b|a/b", "replace|/a~0b|a~b", "remove|/a~1b~0c|a/b~c", "add|/~01|~1", "add|/x~10|x/0",
        "add|/tags|tags", "replace|/locations|locations"})
    void aPointerDecodesTheSameThroughBothForms(String op, String pointer, String attribute) {
        List<Operation> fromJson = ImagePatch.fromJson(json(op, pointer)).operations();
        List<Operation> fromBuilder = built(op, pointer);
        assertThat(fromBuilder).isEqualTo(fromJson);
        assertThat(fromBuilder.get(0).path()).isEqualTo(attribute);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"name|/name", "os_distro|/os_distro", "a~b|/a~0b", "a~1b|/a~01b"})
    void aBareNameIsTheAttributeItselfAsItsPointerIs(String bare, String pointer) {
        for (String op : List.of("add", "replace", "remove")) {
            assertThat(built(op, bare)).isEqualTo(built(op, pointer))
                    .isEqualTo(ImagePatch.fromJson(json(op, pointer)).operations());
        }
        assertThat(built("add", bare).get(0)).isEqualTo(new Operation(Op.ADD, bare, "v"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {"add|/locations/-|-1", "add|/locations/0|0", "add|/locations/12|12",
        "remove|/locations/-|-1", "remove|/locations/2|2"})
    void aLocationPositionIsTheSameThroughBothForms(String op, String pointer, int position) {
        List<Operation> fromJson = ImagePatch.fromJson(json(op, pointer)).operations();
        List<Operation> fromBuilder = built(op, pointer);
        assertThat(fromBuilder).isEqualTo(fromJson);
        assertThat(fromBuilder.get(0).path()).isEqualTo("locations");
        assertThat(fromBuilder.get(0).position()).isEqualTo(position);
        assertThat(fromBuilder.get(0).isLocationChange()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"add|/locations", "add|locations", "remove|/locations", "remove|locations",
        "replace|/locations/0", "replace|/locations/-", "add|/locations/x", "remove|/locations/-1",
        "add|/locations/0/url", "add|/tags/-"})
    void aLocationPathOfTheWrongDepthIsRefusedByBothForms(String op, String path) {
        assertThatThrownBy(() -> ImagePatch.fromJson(json(op, path))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(path);
        assertThatThrownBy(() -> built(op, path)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/properties/x", "/a/b", "//name", "/", "/name/", "/a~2", "/a~", "/~1x", "/name/0"})
    void aBadPointerIsRefusedByBothForms(String pointer) {
        for (String op : List.of("add", "replace", "remove")) {
            assertThatThrownBy(() -> ImagePatch.fromJson(json(op, pointer))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(pointer);
            assertThatThrownBy(() -> built(op, pointer)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(pointer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"properties/x", "a/b", ""})
    void aBareNameWithASlashOrNoNameIsRefusedByTheBuilder(String bare) {
        assertThatThrownBy(() -> built("add", bare)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid patch path");
        assertThatThrownBy(() -> ImagePatch.fromJson(json("add", bare))).isInstanceOf(InvalidInputException.class);
    }
}
