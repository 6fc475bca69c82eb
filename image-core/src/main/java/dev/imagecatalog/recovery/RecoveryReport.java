package dev.imagecatalog.recovery;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.spi.WriteIntent;
import java.util.List;

/**
 * What a recovery sweep did ({@link dev.imagecatalog.ImageCatalog#recover()}), or, in a dry run ({@link dev.imagecatalog.ImageCatalog#recoveryPlan()}),
 * what it would do now. The counts are the sizes of the lists, except for a report made with the three-count
 * constructor, whose lists are empty.
 *
 * @param imagesReset           images returned to {@code queued}: found {@code saving} without a live write
 *                              intent, held by an interrupted task while {@code importing} or {@code uploading},
 *                              or {@code uploading} from a stage whose writer died
 * @param incompleteWritesSwept leftovers of uncommitted writes (temporary files, multipart uploads, segments)
 *                              removed: no live write intent covered them
 * @param orphansDeleted        committed objects no image referenced and no live write intent covered, removed
 * @param resetImageIds         the ids of the images reset, in the order they were handled
 * @param removedObjects        every object and leftover removed (committed and not), store by store
 * @param removedIntents        the write intents removed because they were no longer live (their writer died or
 *                              failed to remove them), after their data was handled
 * @param removedLocations      image locations an interrupted write left unfinished and the sweep removed: the
 *                              {@code pending} location of a copy whose writer died, the {@code deleting} location
 *                              of a removal from a store that was cut off (their bytes are among
 *                              {@code removedObjects} when the store listed them)
 * @param interruptedTasks      the ids of the tasks (pending or processing) whose runner stopped and that were
 *                              failed with the message {@code interrupted}, their images' import locks released
 * @param stagingRemoved        the ids of the images whose files were removed from the staging area: held by an
 *                              interrupted task, staged by a writer that died, or (at start-up) of an image that
 *                              does not exist or is neither staged nor held by an unfinished task
 * @param dryRun                true if nothing was changed: the lists say what a real run would have done
 */
public record RecoveryReport(int imagesReset, int incompleteWritesSwept, int orphansDeleted,
                             List<String> resetImageIds, List<StoredObject> removedObjects,
                             List<WriteIntent> removedIntents, List<StoreLocation> removedLocations,
                             List<String> interruptedTasks, List<String> stagingRemoved, boolean dryRun) {
    /**
     * Copies the lists, which may not be null.
     *
     * @param imagesReset           images returned to {@code queued}
     * @param incompleteWritesSwept leftovers of uncommitted writes removed
     * @param orphansDeleted        unreferenced committed objects removed
     * @param resetImageIds         the ids of the images reset
     * @param removedObjects        every object and leftover removed
     * @param removedIntents        the dead write intents removed
     * @param removedLocations      the unfinished pending and deleting locations removed
     * @param interruptedTasks      the tasks failed as interrupted
     * @param stagingRemoved        the images whose staging files were removed
     * @param dryRun                true if nothing was changed
     */
    public RecoveryReport {
        resetImageIds = List.copyOf(resetImageIds);
        removedObjects = List.copyOf(removedObjects);
        removedIntents = List.copyOf(removedIntents);
        removedLocations = List.copyOf(removedLocations);
        interruptedTasks = List.copyOf(interruptedTasks);
        stagingRemoved = List.copyOf(stagingRemoved);
    }

    /**
     * A report that interrupted no task and removed no staging file.
     *
     * @param imagesReset           images returned to {@code queued}
     * @param incompleteWritesSwept leftovers of uncommitted writes removed
     * @param orphansDeleted        unreferenced committed objects removed
     * @param resetImageIds         the ids of the images reset
     * @param removedObjects        every object and leftover removed
     * @param removedIntents        the dead write intents removed
     * @param removedLocations      the unfinished pending and deleting locations removed
     * @param dryRun                true if nothing was changed
     */
    public RecoveryReport(int imagesReset, int incompleteWritesSwept, int orphansDeleted,
                          List<String> resetImageIds, List<StoredObject> removedObjects,
                          List<WriteIntent> removedIntents, List<StoreLocation> removedLocations, boolean dryRun) {
        this(imagesReset, incompleteWritesSwept, orphansDeleted, resetImageIds, removedObjects, removedIntents,
                removedLocations, List.of(), List.of(), dryRun);
    }

    /**
     * A report that removed no location.
     *
     * @param imagesReset           images returned to {@code queued}
     * @param incompleteWritesSwept leftovers of uncommitted writes removed
     * @param orphansDeleted        unreferenced committed objects removed
     * @param resetImageIds         the ids of the images reset
     * @param removedObjects        every object and leftover removed
     * @param removedIntents        the dead write intents removed
     * @param dryRun                true if nothing was changed
     */
    public RecoveryReport(int imagesReset, int incompleteWritesSwept, int orphansDeleted,
                          List<String> resetImageIds, List<StoredObject> removedObjects,
                          List<WriteIntent> removedIntents, boolean dryRun) {
        this(imagesReset, incompleteWritesSwept, orphansDeleted, resetImageIds, removedObjects, removedIntents,
                List.of(), dryRun);
    }

    /**
     * Counts only: the lists are empty, {@code dryRun} false.
     *
     * @param imagesReset           images returned to {@code queued}
     * @param incompleteWritesSwept leftovers of uncommitted writes removed
     * @param orphansDeleted        unreferenced committed objects removed
     */
    public RecoveryReport(int imagesReset, int incompleteWritesSwept, int orphansDeleted) {
        this(imagesReset, incompleteWritesSwept, orphansDeleted, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), false);
    }
}
