package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * One caller's stage and import, top to bottom: staging ({@link ImportStage}: queued -> uploading), the import's
 * checks (method enabled, the image's status for the method, both formats, the stores, copy-image's rule and holders,
 * the web-download URL, {@code image_size_total}), its lock ({@link ImportLock}) and task ({@link TaskLedger}),
 * then the work on the import workers ({@link ImportRun}), which leaves the image active or back in queued and
 * the staging area without its data. The legacy {@code import} task ({@link LegacyImport}) starts here too.
 */
final class ImportFlow {
    private final AccessControl access;
    private final ImageChanges changes;
    private final ImageStores stores;
    private final QuotaLedger quotas;
    private final ImportParts parts;
    private final ImportStage stage;
    private final ImportLock lock;
    private final ImportRun.Parts run;
    private final LegacyImport legacy;

    ImportFlow(AccessControl access, ImageChanges changes, MetadataRepository repo, ImageStores stores,
               CatalogConfig config, QuotaLedger quotas, WriteIntents writeIntents, UploadPipeline pipeline,
               UploadFormatCheck formatCheck, EventBus events, StoreCopies copies, ImageRecords records,
               ImportParts parts) {
        this.access = access;
        this.changes = changes;
        this.stores = stores;
        this.quotas = quotas;
        this.parts = parts;
        this.stage = new ImportStage(access, changes, repo, config, quotas, pipeline, parts);
        this.lock = new ImportLock(parts.tasks(), repo);
        this.run = new ImportRun.Parts(access.caller(), repo, lock, new ImportStores(repo, stores, config,
                writeIntents, pipeline, formatCheck, events), copies, config, parts);
        this.legacy = new LegacyImport(access, records, this, parts);
    }

    Image stage(String imageId, InputStream data, UploadOptions options) {
        return stage.stage(imageId, data, options);
    }

    Task importImage(String imageId, ImportRequest request) {
        return start(imageId, request, TaskType.API_IMAGE_IMPORT, null);
    }

    /** Glance's legacy {@code import} task: see {@link LegacyImport}. */
    Task legacyImport(Map<String, Object> input) {
        return legacy.start(input);
    }

    /**
     * The checks, the lock and the task of an import of {@code imageId}; the work submitted to the workers. A task
     * of {@code type} with {@code input} (null: the request's); the method must be enabled for an
     * {@code api_image_import} task (the legacy {@code import} task is not one of the import methods).
     */
    Task start(String imageId, ImportRequest request, TaskType type, Map<String, Object> input) {
        ImportMethod method = request.method();
        if (type == TaskType.API_IMAGE_IMPORT && !parts.config().enabled(method)) {
            throw new InvalidInputException("import method " + method.glanceName() + " is not enabled; enabled: "
                    + parts.config().methods().stream().map(ImportMethod::glanceName).toList());
        }
        if (request.allStores() && !request.stores().isEmpty()) {
            throw new InvalidInputException("all_stores and stores cannot be given together");
        }
        boolean copy = method == ImportMethod.COPY_IMAGE;
        String rule = copy ? Policy.COPY_IMAGE : Policy.MODIFY_IMAGE;
        Image image = access.toChange(imageId, rule, "import").image();
        checkStatus(image, method);
        List<String> targets = targets(image, request);
        if (method == ImportMethod.WEB_DOWNLOAD) {
            if (request.uri() == null || request.uri().isBlank()) {
                throw new InvalidInputException("web-download needs the URL to import");
            }
            parts.web().check(request.uri());
        }
        // the catalog's usage counts every image's size, a staged one's too: nothing more to add at the request
        quotas.checkStored(image.owner(), 0);
        String breaking = lock.breakable(image);
        QuotaLedger.Reservation quota = method == ImportMethod.WEB_DOWNLOAD
                ? quotas.reserveUpload(image.owner(), -1) : null;
        Task task;
        try {
            task = parts.tasks().create(type, access.caller(), imageId, input == null ? input(request, targets) : input);
        } catch (RuntimeException e) {
            release(quota);
            throw e;
        }
        try {
            changes.apply(imageId, rule, "import", current -> {
                checkStatus(current, method);
                ImportLock.checkStillFree(current, breaking);
                Image.Builder b = current.toBuilder().property(ImportLock.TASK, task.id())
                        .property(ImportLock.IMPORTING_TO, String.join(",", targets)).removeProperty(ImportLock.FAILED)
                        .updatedAt(ImageRules.now());
                return (copy ? b : b.status(ImageStatus.IMPORTING)).build();
            });
        } catch (RuntimeException e) {
            release(quota);
            parts.tasks().fail(task.id(), e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        lock.preempted(breaking);
        ImportRun work = new ImportRun(run, task.id(), imageId, request, targets, quota);
        try {
            parts.workers().execute(work);
        } catch (RejectedExecutionException e) {
            work.refused("the catalog is closing: " + e.getMessage());
            throw new ConflictException("the import of image " + imageId + " cannot start: the catalog is closing", e);
        }
        return parts.tasks().repository().find(task.id()).orElse(task);
    }

    private static void release(QuotaLedger.Reservation quota) {
        if (quota != null) {
            quota.release();
        }
    }

    /** The method's status (glance-direct: uploading, web-download: queued, copy-image: active) and both formats. */
    private void checkStatus(Image image, ImportMethod method) {
        ImageStatus needed = switch (method) {
            case GLANCE_DIRECT -> ImageStatus.UPLOADING;
            case WEB_DOWNLOAD -> ImageStatus.QUEUED;
            case COPY_IMAGE -> ImageStatus.ACTIVE;
        };
        if (image.status() != needed) {
            throw new ConflictException("image " + image.id() + " is " + image.status().wireName() + "; "
                    + method.glanceName() + " imports only a " + needed.wireName() + " image");
        }
        if (image.diskFormat() == null || image.containerFormat() == null) {
            throw new ConflictException("image " + image.id() + " needs disk_format and container_format before it"
                    + " can be imported");
        }
        if (method == ImportMethod.GLANCE_DIRECT && !parts.staging().has(image.id())) {
            throw new ConflictException("image " + image.id() + " has no staged data to import");
        }
    }

    /**
     * The stores to import to: the ones asked (unknown: conflict; read-only: as {@link ImageStores#forWrite}), the
     * default store when none, or every writable store; copy-image refuses a store asked for that already holds the
     * image and drops holders from every store.
     */
    private List<String> targets(Image image, ImportRequest request) {
        boolean copy = request.method() == ImportMethod.COPY_IMAGE;
        List<String> out = new ArrayList<>();
        if (request.allStores()) {
            for (String id : stores.all().keySet()) {
                if (!stores.isReadOnly(id) && !(copy && image.stores().contains(id))) {
                    out.add(id);
                }
            }
        } else {
            List<String> asked = request.stores().isEmpty() ? List.of(stores.defaultId()) : request.stores();
            for (String id : new LinkedHashSet<>(asked)) {
                if (stores.get(id) == null) {
                    throw new ConflictException("unknown store '" + id + "': configured stores are "
                            + stores.all().keySet());
                }
                stores.forWrite(id);
                if (copy && image.stores().contains(id)) {
                    throw new InvalidInputException("image " + image.id() + " is already in store '" + id + "'");
                }
                out.add(id);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(copy ? "image " + image.id() + " is already in every writable store"
                    : "no writable store to import image " + image.id() + " to");
        }
        return out;
    }

    /** Glance's {@code api_image_import} task input. */
    private static Map<String, Object> input(ImportRequest request, List<String> targets) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("name", request.method().glanceName());
        if (request.uri() != null) {
            method.put("uri", request.uri());
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("method", method);
        req.put("stores", request.stores());
        req.put("all_stores", request.allStores());
        req.put("all_stores_must_succeed", request.allStoresMustSucceed());
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("import_req", req);
        in.put("backend", targets);
        return in;
    }
}
