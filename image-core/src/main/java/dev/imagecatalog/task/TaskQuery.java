package dev.imagecatalog.task;

import dev.imagecatalog.error.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A task list request, as Glance's {@code GET /v2/tasks}: optional {@code status} and {@code type} filters, one sort
 * key and direction, a page size and the id of the last task of the previous page.
 *
 * @param status    only tasks in this status, or null for any
 * @param type      only tasks of this type, or null for any
 * @param sortKey   Glance's sort key ({@code created_at}, the default, {@code updated_at}, {@code id}, {@code type},
 *                  {@code status})
 * @param ascending true for {@code sort_dir=asc}; Glance's default is descending
 * @param limit     the page size, 0 (an empty page, as Glance answers {@code limit=0}) to {@link #MAX_LIMIT}
 * @param marker    the id of the last task of the previous page, or null for the first page
 */
public record TaskQuery(TaskStatus status, TaskType type, String sortKey, boolean ascending, int limit,
                        String marker) {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 25;
    /** The largest page (Glance's {@code api_limit_max}); a larger {@code limit} parameter is lowered to it. */
    public static final int MAX_LIMIT = 1000;
    /** The sort keys a task list accepts. */
    public static final Set<String> SORT_KEYS = Set.of("created_at", "updated_at", "id", "type", "status");

    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    /**
     * Checks the components.
     *
     * @param status    the status filter, or null
     * @param type      the type filter, or null
     * @param sortKey   the sort key, one of {@link #SORT_KEYS}
     * @param ascending the sort direction
     * @param limit     the page size
     * @param marker    the previous page's last task, or null
     * @throws IllegalArgumentException if sortKey is not a sort key or limit is outside 0 to {@link #MAX_LIMIT}
     */
    public TaskQuery {
        if (sortKey == null || !SORT_KEYS.contains(sortKey)) {
            throw new IllegalArgumentException("sortKey " + sortKey);
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit);
        }
    }

    /** {@return every task, newest first, the default page size} */
    public static TaskQuery defaults() {
        return new TaskQuery(null, null, "created_at", false, DEFAULT_LIMIT, null);
    }

    /**
     * Reads Glance's task list query string as Glance's {@code tasks.py} does: {@code status} one of
     * {@code pending}, {@code processing}, {@code success}, {@code failure}; {@code type} only {@code import} (the
     * only type Glance lets a list filter on); {@code sort_key} one of {@link #SORT_KEYS} (default
     * {@code created_at}); {@code sort_dir} {@code asc} or {@code desc} (default); {@code limit} a non-negative
     * integer, lowered to {@link #MAX_LIMIT} (default {@link #DEFAULT_LIMIT}); {@code marker} a UUID (with or
     * without hyphens, any case; kept in its canonical lower-case form). An empty {@code status} or {@code type} is
     * no filter; other parameters are ignored, as Glance ignores filters on what a task does not have.
     *
     * @param parameters each parameter's values, as a query string gives them; null is no parameter
     * @return the query
     * @throws InvalidInputException naming the first parameter Glance would refuse, or one given twice
     */
    public static TaskQuery fromParameters(Map<String, List<String>> parameters) {
        Map<String, List<String>> p = parameters == null ? Map.of() : parameters;
        String statusName = single(p, "status");
        TaskStatus status = null;
        if (statusName != null && !statusName.isEmpty()) {
            status = TaskStatus.of(statusName).orElseThrow(() -> bad("status", statusName,
                    "expected pending, processing, success or failure"));
        }
        String typeName = single(p, "type");
        TaskType type = null;
        if (typeName != null && !typeName.isEmpty()) {
            if (!typeName.equals(TaskType.IMPORT.glanceName())) {
                throw bad("type", typeName, "expected import");
            }
            type = TaskType.IMPORT;
        }
        String sortKey = single(p, "sort_key");
        if (sortKey == null) {
            sortKey = "created_at";
        } else if (!SORT_KEYS.contains(sortKey)) {
            throw bad("sort_key", sortKey, "expected one of created_at, updated_at, id, type, status");
        }
        String dir = single(p, "sort_dir");
        if (dir != null && !dir.equals("asc") && !dir.equals("desc")) {
            throw bad("sort_dir", dir, "expected asc or desc");
        }
        return new TaskQuery(status, type, sortKey, "asc".equals(dir), limit(single(p, "limit")),
                marker(single(p, "marker")));
    }

    private static String single(Map<String, List<String>> p, String key) {
        List<String> values = p.get(key);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInputException("invalid parameter '" + key + "': given " + values.size()
                    + " times, expected once");
        }
        if (values.get(0) == null) {
            throw new InvalidInputException("invalid parameter '" + key + "': no value");
        }
        return values.get(0);
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        BigInteger limit;
        try {
            limit = new BigInteger(value.trim());
        } catch (NumberFormatException e) {
            throw bad("limit", value, "expected a non-negative integer");
        }
        if (limit.signum() < 0) {
            throw bad("limit", value, "expected a non-negative integer");
        }
        return limit.min(BigInteger.valueOf(MAX_LIMIT)).intValue();
    }

    private static String marker(String value) {
        if (value == null) {
            return null;
        }
        if (!UUID_FORM.matcher(value).matches()) {
            throw bad("marker", value, "expected a UUID");
        }
        String hex = value.replace("-", "").toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static InvalidInputException bad(String parameter, String value, String expected) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new InvalidInputException("invalid value '" + shown + "' for parameter '" + parameter + "': "
                + expected);
    }
}
