package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import's work on an import worker, under its task: the task started, the data into staging (glance-direct:
 * there already; web-download: fetched, its progress in the task's message), the import plug-ins on the staged
 * file, then the stores ({@link ImportStores}; copy-image: {@link StoreCopies}, the engine of copyToStores). After,
 * whatever happened: the staged data removed, the lock and {@code os_glance_importing_to_stores} released, the
 * image back to queued on failure (copy-image: stays active), and the task ended last: success with
 * {@code {"image_id": ...}} or failure with the error's message. A task ended by someone else stops the work.
 */
final class ImportRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    /** What every import of one caller's flow shares. */
    record Parts(RequestContext caller, MetadataRepository repo, ImportLock lock, ImportStores stores,
                 StoreCopies copies, CatalogConfig config, ImportParts imports) {
    }

    private final Parts p;
    private final String taskId;
    private final String imageId;
    private final ImportRequest request;
    private final List<String> targets;
    private final QuotaLedger.Reservation quota;
    private String failedStores;
    private long taken;
    private long lastProgress;

    ImportRun(Parts parts, String taskId, String imageId, ImportRequest request, List<String> targets,
              QuotaLedger.Reservation quota) {
        this.p = parts;
        this.taskId = taskId;
        this.imageId = imageId;
        this.request = request;
        this.targets = List.copyOf(targets);
        this.quota = quota;
    }

    private boolean copy() {
        return request.method() == ImportMethod.COPY_IMAGE;
    }

    @Override
    public void run() {
        String failure = null;
        try {
            p.imports().tasks().start(taskId);
            if (copy()) {
                copyImage();
            } else {
                importData();
            }
        } catch (RuntimeException | IOException | Error e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.info("import of image {} (task {}) failed: {}", imageId, taskId, failure, e);
        }
        finish(failure);
    }

    /** The work could not be given to a worker: undone as a failure. */
    void refused(String why) {
        finish(why);
    }

    private void finish(String failure) {
        try {
            if (!copy()) {
                p.imports().staging().delete(imageId);
            }
            boolean requeue = failure != null && !copy();
            p.lock().release(imageId, taskId, b -> {
                if (failedStores != null) {
                    b.property(ImportLock.FAILED, failedStores);
                }
                return requeue && b.build().status() == ImageStatus.IMPORTING ? DataRules.queued(b) : b;
            });
        } finally {
            if (quota != null) {
                quota.release();
            }
            endTask(failure);
        }
    }

    private void endTask(String failure) {
        try {
            if (failure == null) {
                p.imports().tasks().succeed(taskId, Map.of("image_id", imageId));
            } else {
                p.imports().tasks().fail(taskId, failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("ending task {} of the import of image {} failed", taskId, imageId, e);
        }
    }

    private boolean running() {
        return p.imports().tasks().unfinished(taskId);
    }

    private void ensureRunning() {
        if (!running()) {
            throw new ConflictException("task " + taskId + " was ended while it imported image " + imageId);
        }
    }

    /** The image as this import holds it: importing under this task's lock. */
    private Image current() {
        Image image = p.repo().find(imageId)
                .orElseThrow(() -> new NotFoundException("image " + imageId + " was deleted during its import"));
        if (image.status() != ImageStatus.IMPORTING || !ImportLock.heldBy(image, taskId)) {
            throw new ConflictException("image " + imageId + " is no longer being imported by task " + taskId);
        }
        return image;
    }

    private void importData() throws IOException {
        Image image = current();
        StagingArea staging = p.imports().staging();
        Path data = staging.path(imageId);
        if (request.method() == ImportMethod.WEB_DOWNLOAD) {
            download(staging);
        }
        if (!Files.isRegularFile(data)) {
            throw new ConflictException("image " + imageId + " has no staged data to import");
        }
        ensureRunning();
        StagedImageFile staged = new StagedImageFile(image, p.caller(), data,
                message -> p.imports().tasks().progress(taskId, message));
        try {
            p.imports().plugins().run(staged);
        } finally {
            staged.deleteLeftovers();
        }
        ensureRunning();
        UnaryOperator<Image.Builder> changes = b -> {
            if (staged.diskFormat() != null) {
                b.diskFormat(staged.diskFormat());
            }
            if (staged.containerFormat() != null) {
                b.containerFormat(staged.containerFormat());
            }
            staged.properties().forEach(b::property);
            return b;
        };
        p.stores().write(changes.apply(image.toBuilder()).build(), data, targets, request.allStoresMustSucceed(),
                taskId, changes, this::running);
    }

    /** web-download: the URL into the staging area (written whole or not at all); progress in the task's message. */
    private void download(StagingArea staging) {
        long n = p.imports().web().fetch(request.uri(), staging.path(imageId), p.config().sizeCap(),
                this::downloaded);
        take(n);
        p.imports().tasks().progress(taskId, copied(n));
    }

    private void downloaded(long bytes) {
        take(bytes);
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            p.imports().tasks().progress(taskId, copied(bytes));
            ensureRunning();
        }
    }

    /** The downloaded bytes from the import's quota reservation ({@code image_stage_total}, image_size_total). */
    private void take(long bytesSoFar) {
        if (quota != null && bytesSoFar > taken) {
            quota.take(bytesSoFar - taken);
            taken = bytesSoFar;
        }
    }

    private static String copied(long bytes) {
        return "Copied " + (bytes >> 20) + " MiB";
    }

    private void copyImage() {
        StoreCopyResult r = p.copies().copy(imageId, targets, request.allStoresMustSucceed());
        if (!r.failed().isEmpty()) {
            failedStores = String.join(",", r.failed().keySet());
        }
        if (r.copied().isEmpty() && !r.failed().isEmpty()) {
            throw new BackendUnavailableException("copying image " + imageId + " failed in every store: "
                    + r.failed());
        }
    }
}
