package dev.imagecatalog.spi;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where image records live. Implementations are thread-safe and apply every filter, sort and visibility rule
 * themselves (in SQL for a database), never by handing core everything to filter.
 *
 * <p>Images with status {@code deleted} or {@code pending_delete} are soft-deleted: kept, but invisible to
 * {@link #find} and {@link #list}. Every implementation passes {@code MetadataRepositoryContract} from
 * image-core's test-jar.
 */
public interface MetadataRepository extends AutoCloseable {

    /**
     * Stores a new image as given (core sets version 1). An id that exists, even soft-deleted, is a
     * {@link dev.imagecatalog.ConflictException}.
     */
    void create(Image image);

    /** The image unless absent or soft-deleted. */
    Optional<Image> find(String id);

    /**
     * Replaces the stored image with {@code image} if the stored version equals {@code image.version()}, as one
     * atomic compare-and-set; stores and returns it with version + 1. A different stored version is a
     * {@link dev.imagecatalog.ConflictException}; an absent id a {@link dev.imagecatalog.NotFoundException}.
     * Works on soft-deleted rows too (pending_delete -> deleted or active); a change to {@code deleted} or
     * {@code pending_delete} soft-deletes the row with {@code image.updatedAt()} as its deletion time.
     */
    Image update(Image image);

    /**
     * One page of the images {@code viewer} may see that match {@code query}, in its order, after
     * {@code query.marker()}; {@code query.limit()} is already resolved (non-null, within the catalog's maximum).
     * A marker that is unknown or not visible to {@code viewer} is an {@link dev.imagecatalog.InvalidInputException}.
     * {@code killed} and soft-deleted images are never listed.
     *
     * <p>Visibility for a non-admin: public images, images it owns, images with a null owner, community images
     * (only when {@code query.visibilities()} asks for community), and — once members exist — shared images it
     * is a member of with a status in {@code query.memberStatuses()} (default accepted). An admin sees all, but other projects'
     * community images only when asked for.
     */
    Page<Image> list(ImageQuery query, Viewer viewer);

    /** Images in {@code status}, soft-deleted included, oldest update first, at most {@code limit}. */
    List<Image> findByStatus(ImageStatus status, int limit);

    /**
     * True if any image row (soft-deleted included, until purged) lists {@code location} among its locations.
     * Used by the orphan sweep to decide whether stored bytes belong to an image.
     */
    boolean isReferenced(StoreLocation location);

    /** Hard-deletes up to {@code batchSize} rows soft-deleted before {@code before}; returns how many. */
    int purgeDeleted(Instant before, int batchSize);

    // ---------------------------------------------------------------- members

    /**
     * Stores a new member record. A record for the same (image, member) that exists is a
     * {@link dev.imagecatalog.ConflictException}. Core checks the image exists, is shared, and the member quota.
     */
    default void addMember(ImageMember member) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support image members");
    }

    /** Replaces the status and update time of an existing member record; absent is a NotFoundException. */
    default ImageMember updateMember(ImageMember member) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support image members");
    }

    /** Removes a member record; false if there was none. */
    default boolean removeMember(String imageId, String memberId) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support image members");
    }

    /** The image's member records, ordered by member id. */
    default List<ImageMember> listMembers(String imageId) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support image members");
    }

    /** One member record. */
    default Optional<ImageMember> findMember(String imageId, String memberId) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support image members");
    }

    // ---------------------------------------------------------------- quotas and lifecycle

    /** What {@code owner} holds now (see {@link OwnerUsage}), computed by the back-end (one query in SQL). */
    default OwnerUsage usage(String owner) {
        throw new UnsupportedOperationException(getClass().getName() + " does not compute usage");
    }

    /**
     * Creates {@code image} unless its owner already holds {@code limit} or more images as {@link #usage} counts
     * them, and returns how many the owner held before (so the image was created if and only if that number is
     * below {@code limit}). The catalog calls it for the {@code image_count_total} quota, under its own per-owner
     * lock. A back-end that several processes share should make the count and the insert one atomic step against
     * all of them (the JDBC back-end does on PostgreSQL); this default counts, then creates, which is atomic only
     * within one catalog.
     *
     * @throws dev.imagecatalog.ConflictException as {@link #create} does
     */
    default long createIfBelow(Image image, long limit) {
        long count = usage(image.owner()).imageCount();
        if (count < limit) {
            create(image);
        }
        return count;
    }

    /**
     * The image if it is soft-deleted in status {@code pending_delete} (for the scrubber's restore). The default
     * scans {@link #findByStatus}; back-ends override it with a lookup by id.
     */
    default Optional<Image> findPendingDelete(String id) {
        for (Image i : findByStatus(ImageStatus.PENDING_DELETE, Integer.MAX_VALUE)) {
            if (i.id().equals(id)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * The metadata definitions repository this back-end keeps beside its image records, if it has one: the same
     * database, connections and lifetime (it needs no closing of its own and stops working when this repository
     * is closed). Every call returns the same object, so a catalog has exactly one {@link MetadefRepository} and
     * one connection pool. The default is empty: a back-end without metadef storage.
     */
    default Optional<MetadefRepository> metadefs() {
        return Optional.empty();
    }

    // ---------------------------------------------------------------- recovery

    /**
     * The id of the catalog that owns this back-end's images (it marks everything the stores write): the stored id
     * if there is one, else {@code proposed}, which is stored. Instances sharing this back-end thus share one id;
     * two back-ends never share one by chance. Atomic: of two instances proposing at once, both get the same id.
     */
    default String catalogId(String proposed) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep a catalog id");
    }

    /** Records a write in flight (before its first byte goes to a store). A duplicate id is a ConflictException. */
    default void recordWriteIntent(WriteIntent intent) {
        throw new UnsupportedOperationException(getClass().getName() + " does not record write intents");
    }

    /** Sets {@code touchedAt} of the listed intents (those that still exist) to {@code at}: one statement. */
    default void touchWriteIntents(java.util.Collection<String> ids, Instant at) {
        throw new UnsupportedOperationException(getClass().getName() + " does not record write intents");
    }

    /** Removes an intent; false if there was none. */
    default boolean removeWriteIntent(String id) {
        throw new UnsupportedOperationException(getClass().getName() + " does not record write intents");
    }

    /** Every recorded intent, oldest first. */
    default List<WriteIntent> writeIntents() {
        throw new UnsupportedOperationException(getClass().getName() + " does not record write intents");
    }

    /**
     * True if no other process can use this back-end while this repository is open (memory; an embedded H2 file,
     * which H2 locks): then every write intent found at start-up belongs to a writer that died.
     */
    default boolean exclusiveToThisProcess() {
        return false;
    }

    @Override
    void close();
}
