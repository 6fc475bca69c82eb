package dev.imagecatalog.task;

import java.util.List;
import java.util.Map;

/**
 * A task list request, as Glance's {@code GET /v2/tasks}: optional {@code status} and {@code type} filters, one sort
 * key and direction, a page size and the id of the last task of the previous page.
 *
 * @param status    only tasks in this status, or null for any
 * @param type      only tasks of this type, or null for any
 * @param sortKey   Glance's sort key ({@code created_at}, the default, {@code updated_at}, {@code id}, {@code type},
 *                  {@code status})
 * @param ascending true for {@code sort_dir=asc}; Glance's default is descending
 * @param limit     the page size, at least 1
 * @param marker    the id of the last task of the previous page, or null for the first page
 */
public record TaskQuery(TaskStatus status, TaskType type, String sortKey, boolean ascending, int limit,
                        String marker) {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 25;

    /**
     * Checks the components.
     *
     * @param status    the status filter, or null
     * @param type      the type filter, or null
     * @param sortKey   the sort key
     * @param ascending the sort direction
     * @param limit     the page size
     * @param marker    the previous page's last task, or null
     * @throws IllegalArgumentException if sortKey is null or limit is below 1
     */
    public TaskQuery {
        if (sortKey == null) {
            throw new IllegalArgumentException("sortKey");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
    }

    /** {@return every task, newest first, the default page size} */
    public static TaskQuery defaults() {
        return new TaskQuery(null, null, "created_at", false, DEFAULT_LIMIT, null);
    }

    /**
     * Reads Glance's task list query string ({@code status}, {@code type}, {@code sort_key}, {@code sort_dir},
     * {@code limit}, {@code marker}).
     *
     * @param parameters each parameter's values, as a query string gives them
     * @return the query
     * @throws dev.imagecatalog.error.InvalidInputException naming a parameter Glance would refuse
     */
    public static TaskQuery fromParameters(Map<String, List<String>> parameters) {
        throw new UnsupportedOperationException("TaskQuery.fromParameters");
    }
}
