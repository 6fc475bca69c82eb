package dev.imagecatalog.internal;

import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskService;
import java.util.List;
import java.util.Map;

/** One caller's {@link TaskService}: the {@code tasks_api_access} gate, then each call's rule, over the {@link TaskLedger}. */
final class DefaultTaskService implements TaskService {

    DefaultTaskService() {
    }

    @Override
    public List<Task> list(TaskQuery query) {
        throw new UnsupportedOperationException("DefaultTaskService.list");
    }

    @Override
    public Task get(String taskId) {
        throw new UnsupportedOperationException("DefaultTaskService.get");
    }

    @Override
    public Task createImport(Map<String, Object> input) {
        throw new UnsupportedOperationException("DefaultTaskService.createImport");
    }
}
