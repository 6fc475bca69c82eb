package dev.imagecatalog.spi;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.metadef.MetadefRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where image records, their members, the catalog id and the write intents live: what a metadata back-end
 * implements (with a {@link MetadataProvider} to build it). Every implementation passes
 * {@code MetadataRepositoryContract} (with {@code RecoveryRecordsContract}) from image-core's test-jar.
 *
 * <h2>Contracts every method keeps</h2>
 * <ul>
 *   <li><b>Thread safety.</b> Every method may be called from many threads at once.</li>
 *   <li><b>Conflicts are exceptions.</b> A write that conflicts with what is stored throws
 *       {@link dev.imagecatalog.error.ConflictException} and changes nothing: a duplicate key ({@link #create},
 *       {@link #createIfBelow}, {@link #addMember}, {@link #recordWriteIntent}), or a compare-and-set whose expected
 *       version is no longer stored ({@link #update}), which throws the subtype {@link dev.imagecatalog.error.VersionConflictException} so
 *       that core can tell a lost race (re-read and retry) from a refusal. A write on a record that does not exist
 *       throws {@link dev.imagecatalog.error.NotFoundException}. {@link Optional} answers only lookups, and
 *       {@code boolean} only removals ({@code false}: there was nothing to remove).</li>
 *   <li><b>Back-end failures</b> (unreachable, timed out, refused) are
 *       {@link dev.imagecatalog.error.BackendUnavailableException}; a write that fails changes nothing.</li>
 *   <li><b>Soft delete.</b> Images with status {@code deleted} or {@code pending_delete} are soft-deleted: kept
 *       (with {@code updatedAt} as their deletion time) until {@link #purgeDeleted}, but invisible to {@link #find}
 *       and {@link #list}.</li>
 *   <li><b>Queries in the back-end.</b> {@link #list} applies every filter, visibility rule, sort and page itself
 *       (in SQL for a database), never by handing core everything to filter; its order is
 *       {@link ImageQuery#effectiveSort()}, which appends the {@code created_at} and {@code id} tie-breakers.</li>
 *   <li><b>Core owns the rules.</b> Core checks access, policy, quotas and status transitions and stamps versions
 *       and times before it calls; the repository stores what it is given.</li>
 * </ul>
 */
public interface MetadataRepository extends AutoCloseable {

    // ---------------------------------------------------------------- image records

    /**
     * Stores a new image exactly as given (core sets version 1 and the times).
     *
     * @param image the image to store
     * @throws dev.imagecatalog.error.ConflictException if an image with that id exists, even soft-deleted
     */
    void create(Image image);

    /**
     * The image unless absent or soft-deleted.
     *
     * @param id an image id (null finds nothing)
     * @return the stored image, or empty
     */
    Optional<Image> find(String id);

    /**
     * Replaces the stored image with {@code image} if the stored version equals {@code image.version()}, as one
     * atomic compare-and-set, and stores it with version + 1. Works on soft-deleted rows too (pending_delete to
     * deleted or active); a change to {@code deleted} or {@code pending_delete} soft-deletes the row with
     * {@code image.updatedAt()} as its deletion time. Of several concurrent updates of one version exactly one wins.
     *
     * @param image the new state, carrying the version it was read at
     * @return the stored image (version + 1)
     * @throws dev.imagecatalog.error.VersionConflictException if the stored version differs (nothing is changed)
     * @throws dev.imagecatalog.error.NotFoundException if no row has that id
     */
    Image update(Image image);

    /**
     * One page of the images {@code viewer} may see that match {@code query}, in the order of
     * {@link ImageQuery#effectiveSort()}, after {@code query.marker()}. {@code killed} and soft-deleted images are
     * never listed; hidden images ({@code os_hidden}) only when {@code query.osHidden()} asks for them.
     *
     * <p>Visibility for a non-admin: public images, images it owns, images with a null owner, community images
     * (only when {@code query.visibilities()} asks for community, unless it owns them), and shared images it is a
     * member of with a status in {@code query.memberStatuses()}. An admin sees all, but other projects' community
     * images only when asked for. {@code query.visibilities()} narrows what the viewer may see, never widens it.
     *
     * @param query  filters, sort, marker and limit (already resolved: non-null, within the catalog's maximum)
     * @param viewer who is asking
     * @return the page, with the last item's id as next marker when more follow
     * @throws dev.imagecatalog.error.InvalidInputException if the marker is unknown, soft-deleted or not visible to
     *                                                {@code viewer}
     */
    Page<Image> list(ImageQuery query, Viewer viewer);

    /**
     * Images in {@code status}, soft-deleted included, oldest update first (then by id).
     *
     * @param status the status to look for
     * @param limit  at most this many (zero or less: none)
     * @return the images found
     */
    List<Image> findByStatus(ImageStatus status, int limit);

    /**
     * The image if it is soft-deleted in status {@code pending_delete} (the scrubber's restore).
     *
     * @param id an image id (null finds nothing)
     * @return the pending_delete image, or empty for any other status or an absent id
     */
    Optional<Image> findPendingDelete(String id);

    /**
     * Whether any image row (soft-deleted included, until purged) lists {@code location} among its locations. The
     * sweep keeps a stored object exactly when this is true.
     *
     * @param location a store location
     * @return true if some row references it
     */
    boolean isReferenced(StoreLocation location);

    /**
     * Hard-deletes soft-deleted rows deleted before {@code before}, with their members and children.
     *
     * @param before    the cut-off deletion time (exclusive)
     * @param batchSize at most this many rows
     * @return how many rows were purged
     */
    int purgeDeleted(Instant before, int batchSize);

    // ---------------------------------------------------------------- members

    /**
     * Stores a new member record. Core has checked the image is shared and the member quota.
     *
     * @param member the record (image id, member project, status, times)
     * @throws dev.imagecatalog.error.ConflictException if that (image, member) record exists
     * @throws dev.imagecatalog.error.NotFoundException if the image is absent or soft-deleted
     */
    void addMember(ImageMember member);

    /**
     * Replaces the status and update time of an existing member record (its creation time is kept).
     *
     * @param member the record with its new status and update time
     * @return {@code member}
     * @throws dev.imagecatalog.error.NotFoundException if there is no such (image, member) record
     */
    ImageMember updateMember(ImageMember member);

    /**
     * Removes a member record.
     *
     * @param imageId  the image
     * @param memberId the member project
     * @return false if there was none
     */
    boolean removeMember(String imageId, String memberId);

    /**
     * The image's member records.
     *
     * @param imageId the image
     * @return its records ordered by member id; empty if it has none
     */
    List<ImageMember> listMembers(String imageId);

    /**
     * One member record.
     *
     * @param imageId  the image
     * @param memberId the member project (null finds nothing)
     * @return the record, or empty
     */
    Optional<ImageMember> findMember(String imageId, String memberId);

    // ---------------------------------------------------------------- quotas

    /**
     * What {@code owner} holds now, counted by the back-end (one query in SQL).
     *
     * @param owner a project id (null holds nothing)
     * @return its usage (see {@link OwnerUsage} for what counts)
     */
    OwnerUsage usage(String owner);

    /**
     * Creates {@code image} unless its owner already holds {@code limit} or more images as {@link #usage} counts
     * them; the image is created if and only if the returned count is below {@code limit}. Core calls it for the
     * {@code image_count_total} quota under its own per-owner lock, so the count and the insert are atomic within
     * one catalog whatever the back-end does. A back-end that several processes share should make them one atomic
     * step against all of them (the JDBC back-end does on PostgreSQL, with an advisory lock per owner); this
     * default counts, then creates.
     *
     * @param image the image to create
     * @param limit the most images the owner may hold
     * @return how many images the owner held before
     * @throws dev.imagecatalog.error.ConflictException as {@link #create} does
     */
    default long createIfBelow(Image image, long limit) {
        long count = usage(image.owner()).imageCount();
        if (count < limit) {
            create(image);
        }
        return count;
    }

    // ---------------------------------------------------------------- recovery records

    /**
     * The id of the catalog that owns this back-end's images (it marks everything the stores write): the stored id
     * if there is one, else {@code proposed}, which is stored. Instances sharing this back-end thus share one id;
     * two back-ends never share one by chance. Atomic: of two instances proposing at once, both get the same id.
     *
     * @param proposed the id to keep if none is stored
     * @return the stored id
     */
    String catalogId(String proposed);

    /**
     * Records a write in flight, before its first byte goes to a store.
     *
     * @param intent the intent
     * @throws dev.imagecatalog.error.ConflictException if an intent with that id exists
     */
    void recordWriteIntent(WriteIntent intent);

    /**
     * Sets {@code touchedAt} of the listed intents that still exist to {@code at}, in one statement.
     *
     * @param ids the intent ids (absent ones are skipped)
     * @param at  the new touch time
     */
    void touchWriteIntents(Collection<String> ids, Instant at);

    /**
     * Removes an intent.
     *
     * @param id the intent id
     * @return false if there was none
     */
    boolean removeWriteIntent(String id);

    /**
     * Every recorded intent.
     *
     * @return the intents, oldest start first (then by id)
     */
    List<WriteIntent> writeIntents();

    /**
     * Whether no other process can use this back-end while this repository is open (memory; an embedded H2 file,
     * which H2 locks): then every write intent found at start-up belongs to a writer that died.
     *
     * @return true for a back-end exclusive to this process; the default is false
     */
    default boolean exclusiveToThisProcess() {
        return false;
    }

    // ---------------------------------------------------------------- metadata definitions and lifetime

    /**
     * The metadata definitions repository this back-end keeps beside its image records, if it has one: the same
     * database, connections and lifetime (it needs no closing of its own and stops working when this repository
     * is closed). Every call returns the same object, so a catalog has exactly one {@link MetadefRepository} and
     * one connection pool.
     *
     * @return the metadef repository; the default is empty (a back-end without metadef storage)
     */
    default Optional<MetadefRepository> metadefs() {
        return Optional.empty();
    }

    /**
     * The tasks repository this back-end keeps beside its image records: the same database and lifetime, as
     * {@link #metadefs()}. Every call returns the same object.
     *
     * @return the task repository
     */
    TaskRepository tasks();

    /** Releases the back-end's resources (connections, files); later calls fail. */
    @Override
    void close();
}
