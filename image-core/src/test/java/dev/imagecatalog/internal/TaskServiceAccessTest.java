package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.memory.MemoryMetadataProvider;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may see which task through {@link DefaultTaskService}, what a list shows, and lazy expiry. */
class TaskServiceAccessTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration TTL = Duration.ofHours(48);
    private static final RequestContext ADMIN = RequestContext.admin("project-admin", "root");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    private static final RequestContext BOB = RequestContext.member("project-b", "bob");
    private static final Map<String, String> OPEN = Map.of(Policy.TASKS_API_ACCESS, "role:member or role:admin");

    private final TaskTestClock clock = new TaskTestClock(T0);
    private MetadataRepository metadata;
    private TaskEventRecorder events;
    private TaskLedger ledger;
    private final List<Map<String, Object>> importsAsked = new ArrayList<>();
    private Task aliceTask;
    private Task bobTask;

    @BeforeEach
    void setUp() {
        metadata = new MemoryMetadataProvider().create(Settings.of(Map.of()));
        events = new TaskEventRecorder();
        ledger = new TaskLedger(metadata.tasks(), events.bus, "instance-1", TTL, Duration.ofHours(1), "hb", clock);
        aliceTask = ledger.create(TaskType.API_IMAGE_IMPORT, ALICE, "image-a", Map.of("method", "web-download",
                "uri", "https://user:secret@example.com/a.img"));
        ledger.start(aliceTask.id());
        ledger.progress(aliceTask.id(), "512 bytes");
        clock.advance(Duration.ofSeconds(1));
        bobTask = ledger.create(TaskType.IMPORT, BOB, null, Map.of("import_from", "https://example.com/b.img"));
    }

    @AfterEach
    void tearDown() throws Exception {
        ledger.close();
        events.close();
        metadata.close();
    }

    private DefaultTaskService service(RequestContext ctx, Map<String, String> rules) {
        return new DefaultTaskService(ctx, Policy.withOverrides(rules), ledger, input -> {
            importsAsked.add(input);
            return ledger.create(TaskType.IMPORT, ctx, null, input);
        });
    }

    @Test
    void anAdministratorSeesEveryTask() {
        DefaultTaskService admin = service(ADMIN, Map.of());
        assertThat(admin.list(TaskQuery.defaults())).extracting(Task::id).containsExactly(bobTask.id(),
                aliceTask.id());
        Task shown = admin.get(aliceTask.id());
        assertThat(shown.input()).containsEntry("method", "web-download");
        assertThat(shown.message()).isEqualTo("512 bytes");
        assertThat(admin.get(bobTask.id()).owner()).isEqualTo("project-b");
    }

    @Test
    void byDefaultAMemberOfTheOwningProjectIsForbiddenEverything() {
        DefaultTaskService alice = service(ALICE, Map.of());
        assertThatThrownBy(() -> alice.list(TaskQuery.defaults())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("tasks_api_access");
        assertThatThrownBy(() -> alice.get(aliceTask.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.createImport(Map.of("import_from", "https://example.com/x")))
                .isInstanceOf(ForbiddenException.class);
        assertThat(importsAsked).isEmpty();
    }

    @Test
    void withTheApiOpenedAProjectSeesOnlyItsOwnTasks() {
        DefaultTaskService alice = service(ALICE, OPEN);
        DefaultTaskService bob = service(BOB, OPEN);
        assertThat(alice.list(TaskQuery.defaults())).extracting(Task::id).containsExactly(aliceTask.id());
        assertThat(bob.list(TaskQuery.defaults())).extracting(Task::id).containsExactly(bobTask.id());
        assertThat(alice.get(aliceTask.id()).input()).containsKey("uri");
        assertThatThrownBy(() -> alice.get(bobTask.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.get(aliceTask.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alice.get("0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"))
                .isInstanceOf(NotFoundException.class);
        // another project's task as a marker names no task of this listing
        assertThatThrownBy(() -> alice.list(new TaskQuery(null, null, "created_at", false, 5, bobTask.id())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'marker'");
    }

    @Test
    void eachCallsOwnRuleIsEnforcedAfterTheGate() {
        Map<String, String> rules = Map.of(Policy.TASKS_API_ACCESS, "role:member", Policy.GET_TASKS, "role:admin",
                Policy.GET_TASK, "role:admin", Policy.ADD_TASK, "role:admin");
        DefaultTaskService alice = service(ALICE, rules);
        assertThatThrownBy(() -> alice.list(TaskQuery.defaults())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("get_tasks");
        assertThatThrownBy(() -> alice.get(aliceTask.id())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("get_task");
        assertThatThrownBy(() -> alice.createImport(Map.of())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("add_task");
        assertThat(importsAsked).isEmpty();
    }

    @Test
    void aListCarriesNoInputResultOrMessage() {
        ledger.succeed(aliceTask.id(), Map.of("image_id", "image-a"));
        List<Task> listed = service(ADMIN, Map.of()).list(TaskQuery.defaults());
        assertThat(listed).hasSize(2).allSatisfy(t -> {
            assertThat(t.input()).isEmpty();
            assertThat(t.result()).isNull();
            assertThat(t.message()).isEmpty();
        });
        Task stored = metadata.tasks().find(aliceTask.id()).orElseThrow();
        assertThat(stored.result()).containsEntry("image_id", "image-a");
        assertThat(stored.message()).isEqualTo("512 bytes");
    }

    @Test
    void createImportHandsTheInputToTheImportFlow() {
        Map<String, Object> input = Map.of("import_from", "https://example.com/c.img", "import_from_format", "raw",
                "image_properties", Map.of("name", "c"));
        Task t = service(ALICE, OPEN).createImport(input);
        assertThat(importsAsked).containsExactly(input);
        assertThat(t.owner()).isEqualTo("project-a");
        assertThatThrownBy(() -> service(ALICE, OPEN).createImport(null)).isInstanceOf(InvalidInputException.class);
        assertThat(importsAsked).hasSize(1);
    }

    @Test
    void listingDeletesExpiredTasksWithADeleteEvent() throws Exception {
        ledger.succeed(aliceTask.id(), Map.of("image_id", "image-a"));
        clock.advance(TTL.plusSeconds(1));
        DefaultTaskService admin = service(ADMIN, Map.of());
        assertThatThrownBy(() -> admin.get(aliceTask.id())).isInstanceOf(NotFoundException.class);
        assertThat(metadata.tasks().find(aliceTask.id())).as("get does not delete").isPresent();

        assertThat(service(BOB, OPEN).list(TaskQuery.defaults())).extracting(Task::id)
                .containsExactly(bobTask.id());

        assertThat(metadata.tasks().find(aliceTask.id())).isEmpty();
        assertThat(metadata.tasks().find(bobTask.id())).isPresent();
        List<CatalogEvent> deletes = events.events().stream().filter(e -> e.type().equals("task.delete")).toList();
        assertThat(deletes).singleElement().satisfies(e -> {
            assertThat(e.subjectId()).isEqualTo(aliceTask.id());
            assertThat(e.payload()).containsEntry("deleted", true).containsEntry("status", "success")
                    .doesNotContainKey("input");
        });
        assertThat(admin.list(TaskQuery.defaults())).extracting(Task::id).containsExactly(bobTask.id());
    }

    @Test
    void theCatalogsTaskServiceIsGatedAndListsTheCatalogsTasks() {
        try (ImageCatalog catalog = ImageCatalog.inMemory()) {
            assertThat(catalog.tasks(ADMIN).list(TaskQuery.defaults())).isEmpty();
            assertThatThrownBy(() -> catalog.tasks(ALICE).list(TaskQuery.defaults()))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> catalog.tasks(ADMIN).get("0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"))
                    .isInstanceOf(NotFoundException.class);
            // the legacy import task goes to the import flow, which refuses a loopback URL before anything is made
            assertThatThrownBy(() -> catalog.tasks(ADMIN).createImport(Map.of("import_from",
                    "http://127.0.0.1/x.img", "import_from_format", "raw",
                    "image_properties", Map.of("name", "x", "container_format", "bare"))))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(catalog.tasks(ADMIN).list(TaskQuery.defaults())).isEmpty();
            assertThat(catalog.images(ADMIN).list(dev.imagecatalog.image.ImageQuery.builder().build()).items())
                    .isEmpty();
        }
    }

    @Test
    void anUnknownMarkerIsInvalidInput() {
        assertThatThrownBy(() -> service(ADMIN, Map.of()).list(new TaskQuery(TaskStatus.PENDING, null, "id", true, 5,
                "0f5b2e4a-6c7d-4e8f-9a0b-1c2d3e4f5a6b"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'marker'");
    }
}
