package dev.imagecatalog.memory;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.spi.OwnerUsage;
import dev.imagecatalog.spi.Viewer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Image records in the heap (metadata type {@code memory}): the fake back-end for tests and harnesses, with the
 * same semantics as the SQL one. Each job has its class: the rows and their indexes ({@link MemoryImageRows}), the
 * list query ({@link MemoryImageList}), the member records ({@link MemoryMembers}), the catalog id and the write
 * intents ({@link MemoryRecoveryRecords}, which this class extends) and the metadata definitions
 * ({@link MemoryMetadefRepository}); this class answers the SPI and counts usage.
 */
final class MemoryMetadataRepository extends MemoryRecoveryRecords {
    private final MemoryImageRows rows = new MemoryImageRows();
    private final MemoryMembers members = new MemoryMembers(rows);
    private final MemoryImageList lists = new MemoryImageList(rows, members);
    private final MemoryMetadefRepository metadefs = new MemoryMetadefRepository();
    private final MemoryTaskRepository tasks = new MemoryTaskRepository();

    MemoryMetadataRepository() {
    }

    // ---------------------------------------------------------------- image records

    @Override
    public void create(Image image) {
        rows.create(image);
    }

    @Override
    public Image update(Image image) {
        return rows.update(image);
    }

    @Override
    public int purgeDeleted(Instant before, int batchSize) {
        return rows.purgeDeleted(before, batchSize, members::removeAll);
    }

    @Override
    public Optional<Image> find(String id) {
        MemoryImageRows.Row row = rows.row(id);
        return row == null || !row.live() ? Optional.empty() : Optional.of(row.image());
    }

    @Override
    public List<Image> findByStatus(ImageStatus status, int limit) {
        List<Image> found = new ArrayList<>();
        for (MemoryImageRows.Row row : rows.all()) {
            if (row.image().status() == status) {
                found.add(row.image());
            }
        }
        found.sort(Comparator.comparing(Image::updatedAt).thenComparing(Image::id));
        return found.size() > limit ? List.copyOf(found.subList(0, Math.max(0, limit))) : found;
    }

    @Override
    public boolean isReferenced(StoreLocation location) {
        return rows.isReferenced(location);
    }

    @Override
    public Page<Image> list(ImageQuery query, Viewer viewer) {
        return lists.list(query, viewer);
    }

    @Override
    public Optional<Image> findPendingDelete(String id) {
        MemoryImageRows.Row row = rows.row(id);
        return row != null && row.image().status() == ImageStatus.PENDING_DELETE ? Optional.of(row.image())
                : Optional.empty();
    }

    // ---------------------------------------------------------------- members

    @Override
    public void addMember(ImageMember member) {
        members.add(member);
    }

    @Override
    public ImageMember updateMember(ImageMember member) {
        return members.update(member);
    }

    @Override
    public boolean removeMember(String imageId, String memberId) {
        return members.remove(imageId, memberId);
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        return members.list(imageId);
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        return members.find(imageId, memberId);
    }

    // ---------------------------------------------------------------- usage

    @Override
    public OwnerUsage usage(String owner) {
        long count = 0;
        long bytes = 0;
        long uploading = 0;
        for (MemoryImageRows.Row row : rows.all()) {
            Image i = row.image();
            if (!row.live() || owner == null || !owner.equals(i.owner()) || i.status() == ImageStatus.KILLED) {
                continue;
            }
            count++;
            if (i.size() != null && i.size() > 0) {
                bytes += i.size();
            }
            if (i.status() == ImageStatus.SAVING || i.status() == ImageStatus.UPLOADING
                    || i.status() == ImageStatus.IMPORTING) {
                uploading++;
            }
        }
        return new OwnerUsage(count, bytes, uploading);
    }

    // ---------------------------------------------------------------- metadata definitions and lifetime

    /** This catalog's metadata definitions, in memory like its images (its own, never shared). */
    @Override
    public Optional<MetadefRepository> metadefs() {
        return Optional.of(metadefs);
    }

    /** This catalog's tasks, in memory like its images. */
    @Override
    public TaskRepository tasks() {
        return tasks;
    }

    @Override
    public void close() {
        // nothing to release: the rows go with the repository
    }
}
