package dev.imagecatalog.spi;

import dev.imagecatalog.image.Image;
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
     * is a member of with a status in {@code query.memberStatuses()}. An admin sees all, but other projects'
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

    /**
     * The metadata definitions repository this back-end keeps beside its image records, if it has one: the same
     * database, connections and lifetime (it needs no closing of its own and stops working when this repository
     * is closed). Every call returns the same object, so a catalog has exactly one {@link MetadefRepository} and
     * one connection pool. The default is empty: a back-end without metadef storage.
     */
    default Optional<MetadefRepository> metadefs() {
        return Optional.empty();
    }

    @Override
    void close();
}
