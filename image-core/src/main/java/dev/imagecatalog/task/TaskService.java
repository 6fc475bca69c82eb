package dev.imagecatalog.task;

import java.util.List;
import java.util.Map;

/**
 * Glance's Tasks API, bound to one caller ({@code catalog.tasks(ctx)}). Every call first passes the
 * {@code tasks_api_access} rule (administrators by default) and then its own rule ({@code get_tasks},
 * {@code get_task}, {@code add_task}); a task the caller may not see is not found. Expired tasks are never returned
 * and are deleted lazily as tasks are listed.
 */
public interface TaskService {

    /**
     * One page of the tasks the caller may see: an administrator every task, anyone else the tasks of their project.
     * As Glance's list, the tasks carry no {@code input}, {@code result} or {@code message}.
     *
     * @param query filters, sort and page
     * @return up to {@code query.limit()} tasks; fewer means the last page
     * @throws dev.imagecatalog.error.ForbiddenException when the rules refuse
     * @throws dev.imagecatalog.error.InvalidInputException for a marker that names no visible task
     */
    List<Task> list(TaskQuery query);

    /**
     * One task, whole.
     *
     * @param taskId the task's id
     * @return the task
     * @throws dev.imagecatalog.error.NotFoundException when there is none the caller may see, or it expired
     * @throws dev.imagecatalog.error.ForbiddenException when the rules refuse
     */
    Task get(String taskId);

    /**
     * Creates and starts Glance's legacy {@code import} task: {@code input} has {@code import_from} (an http or
     * https URL, filtered as web-download's), {@code import_from_format} (a disk format) and
     * {@code image_properties} (the new image's fields and properties). The task creates the image, downloads the
     * URL into it as a web-download import does, and ends with {@code result = {"image_id": ...}}.
     *
     * @param input the task's input
     * @return the task, {@code pending} or already further
     * @throws dev.imagecatalog.error.InvalidInputException for a missing or wrong input, or a refused URL
     * @throws dev.imagecatalog.error.ForbiddenException when the rules refuse
     */
    Task createImport(Map<String, Object> input);
}
