package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One caller's {@link TaskService}: the {@code tasks_api_access} gate, then each call's rule ({@code get_tasks},
 * {@code get_task}, {@code add_task}, whose target is the caller's project), over the {@link TaskLedger}. An
 * administrator sees every task; anyone else only the tasks owned by their project, and another project's task is
 * not found. Listing first deletes a batch of expired tasks (Glance's lazy expiry), each with a task.delete event.
 * The legacy {@code import} task is made by the function given at construction (the caller's import flow).
 */
final class DefaultTaskService implements TaskService {
    private final RequestContext ctx;
    private final Policy policy;
    private final TaskLedger ledger;
    private final Function<Map<String, Object>, Task> legacyImport;

    DefaultTaskService(RequestContext ctx, Policy policy, TaskLedger ledger,
                       Function<Map<String, Object>, Task> legacyImport) {
        this.ctx = ctx;
        this.policy = policy;
        this.ledger = ledger;
        this.legacyImport = legacyImport;
    }

    @Override
    public List<Task> list(TaskQuery query) {
        Objects.requireNonNull(query, "query");
        authorize(Policy.GET_TASKS, "list tasks");
        ledger.deleteExpired();
        List<Task> page;
        try {
            page = ledger.repository().list(query, ctx.isAdmin() ? null : ctx.projectId(), ledger.now());
        } catch (NotFoundException e) {
            throw new InvalidInputException("invalid value '" + query.marker() + "' for parameter 'marker': "
                    + "no such task", e);
        }
        return page.stream().map(DefaultTaskService::withoutDetails).toList();
    }

    @Override
    public Task get(String taskId) {
        authorize(Policy.GET_TASK, "show task " + taskId);
        Instant now = ledger.now();
        return ledger.repository().find(taskId)
                .filter(t -> t.expiresAt() == null || t.expiresAt().isAfter(now))
                .filter(this::visible)
                .orElseThrow(() -> new NotFoundException("task " + taskId + " not found"));
    }

    @Override
    public Task createImport(Map<String, Object> input) {
        if (input == null) {
            throw new InvalidInputException("a task needs its input");
        }
        authorize(Policy.ADD_TASK, "create a task");
        return legacyImport.apply(input);
    }

    /** {@code tasks_api_access}, then {@code rule}, both on the caller's project. */
    private void authorize(String rule, String what) {
        Map<String, String> target = AccessControl.callerTarget(ctx);
        policy.enforce(Policy.TASKS_API_ACCESS, ctx, target, what);
        policy.enforce(rule, ctx, target, what);
    }

    /** An administrator sees every task; anyone else (who always has a project) the tasks of their project. */
    private boolean visible(Task t) {
        return ctx.isAdmin() || ctx.projectId().equals(t.owner());
    }

    /** As Glance's list: no input, result or message. */
    private static Task withoutDetails(Task t) {
        return t.toBuilder().input(Map.of()).result(null).message("").build();
    }
}
