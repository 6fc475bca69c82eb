package dev.imagecatalog.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TaskQueryTest {

    private static Map<String, List<String>> params(String... keyValues) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void noParametersIsNewestFirstWithTheDefaultPage() {
        assertThat(TaskQuery.fromParameters(Map.of())).isEqualTo(TaskQuery.defaults());
        assertThat(TaskQuery.fromParameters(null)).isEqualTo(TaskQuery.defaults());
        assertThat(TaskQuery.defaults().ascending()).isFalse();
        assertThat(TaskQuery.defaults().sortKey()).isEqualTo("created_at");
    }

    @Test
    void everyParameterIsRead() {
        TaskQuery q = TaskQuery.fromParameters(params("status", "processing", "type", "import", "sort_key", "status",
                "sort_dir", "asc", "limit", "7", "marker", "0F5B2E4A-6C7D-4E8F-9A0B-1C2D3E4F5A6B",
                "owner", "ignored"));
        assertThat(q).isEqualTo(new TaskQuery(TaskStatus.PROCESSING, TaskType.IMPORT, "status", true, 7,
                "0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"));
    }

    @Test
    void aMarkerWithoutHyphensIsCanonicalised() {
        assertThat(TaskQuery.fromParameters(params("marker", "0f5b2e4a6c7d4e8f9a0b1c2d3e4f5a6b")).marker())
                .isEqualTo("0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b");
    }

    @Test
    void emptyFiltersAreNoFilter() {
        TaskQuery q = TaskQuery.fromParameters(params("status", "", "type", ""));
        assertThat(q.status()).isNull();
        assertThat(q.type()).isNull();
    }

    @Test
    void largeLimitsAreLoweredToTheMaximumAndZeroIsAnEmptyPage() {
        assertThat(TaskQuery.fromParameters(params("limit", "5000")).limit()).isEqualTo(TaskQuery.MAX_LIMIT);
        assertThat(TaskQuery.fromParameters(params("limit", "123456789012345678901234567890")).limit())
                .isEqualTo(TaskQuery.MAX_LIMIT);
        assertThat(TaskQuery.fromParameters(params("limit", "0")).limit()).isZero();
        assertThat(TaskQuery.fromParameters(params("sort_dir", "desc")).ascending()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "status, running",
        "status, SUCCESS",
        "type, api_image_import",
        "type, location_import",
        "type, bogus",
        "sort_key, owner",
        "sort_key, input",
        "sort_key, name",
        "sort_dir, up",
        "sort_dir, ASC",
        "limit, -1",
        "limit, ten",
        "limit, 1.5",
        "marker, 42",
        "marker, 0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6",
        "marker, zf5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b",
        "marker, ../../etc/passwd",
    })
    void eachBadParameterIsRefusedByName(String parameter, String value) {
        assertThatThrownBy(() -> TaskQuery.fromParameters(params(parameter, value)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + parameter + "'");
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertThatThrownBy(() -> TaskQuery.fromParameters(params("status", "pending", "status", "success")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'status'");
    }

    @Test
    void theRecordRefusesWhatNoParameterCanGive() {
        assertThatThrownBy(() -> new TaskQuery(null, null, "owner", true, 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskQuery(null, null, "id", true, TaskQuery.MAX_LIMIT + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskQuery(null, null, "id", true, -1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
