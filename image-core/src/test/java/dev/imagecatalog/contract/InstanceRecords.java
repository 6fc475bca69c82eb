package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a catalog's back-ends hold for an instance's snapshots and backups, read (and, for {@code created_at},
 * written) below the service through {@link ImageCatalog#backends()}: every metadata row in any status, soft-deleted
 * ones included, and every stored object, committed or not.
 */
public final class InstanceRecords {
    private final ImageCatalog catalog;

    /**
     * Reads {@code catalog}'s back-ends.
     *
     * @param catalog the catalog
     */
    public InstanceRecords(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every row, in any status (soft-deleted included), whose {@code instance_uuid} is the instance's. */
    public List<Image> rows(String instanceUuid) {
        MetadataRepository repo = catalog.backends().metadataRepository();
        List<Image> rows = new ArrayList<>();
        for (ImageStatus status : ImageStatus.values()) {
            for (Image i : repo.findByStatus(status, 100_000)) {
                if (instanceUuid.equals(i.properties().get("instance_uuid"))) {
                    rows.add(i);
                }
            }
        }
        return rows;
    }

    /** The ids of the instance's rows by status (statuses without a row are absent). */
    public Map<ImageStatus, List<String>> idsByStatus(String instanceUuid) {
        Map<ImageStatus, List<String>> out = new TreeMap<>();
        for (Image i : rows(instanceUuid)) {
            out.computeIfAbsent(i.status(), k -> new ArrayList<>()).add(i.id());
        }
        return out;
    }

    /** Every stored object (committed or a leftover) of the image, in any store of the catalog. */
    public List<StoredObject> objects(String imageId) {
        List<StoredObject> out = new ArrayList<>();
        for (ImageStore s : catalog.backends().stores().values()) {
            try {
                s.forEachOwned(o -> {
                    if (o.imageId().equals(imageId)) {
                        out.add(o);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list store " + s.id(), e);
            }
        }
        return out;
    }

    /** Rewrites an image's {@code created_at} in the metadata back-end (a compare-and-set on its version). */
    public void setCreatedAt(String imageId, Instant createdAt) {
        MetadataRepository repo = catalog.backends().metadataRepository();
        Image stored = repo.find(imageId).orElseThrow();
        repo.update(stored.toBuilder().createdAt(createdAt).build());
        assertThat(repo.find(imageId).orElseThrow().createdAt()).isEqualTo(createdAt);
    }

    /**
     * The instance's rows are exactly {@code kept} plus deleted ones (such as a failed upload's image, deleted at
     * once); no deleted one is visible or has bytes left in any store.
     */
    public void assertOnlyDeletedRowsBesides(String instanceUuid, String... kept) {
        List<Image> rows = rows(instanceUuid);
        assertThat(rows.stream().filter(i -> i.status() != ImageStatus.DELETED).map(Image::id))
                .as("rows of the instance not deleted").containsExactlyInAnyOrder(kept);
        for (Image row : rows) {
            if (row.status() == ImageStatus.DELETED) {
                assertThatThrownBy(() -> catalog.images(RequestContext.admin("records", "admin")).get(row.id()))
                        .isInstanceOf(NotFoundException.class);
                assertThat(objects(row.id())).as("bytes of deleted image " + row.id()).isEmpty();
            }
        }
        assertThat(new HashSet<>(rows.stream().map(Image::id).toList())).as("one row per image").hasSize(rows.size());
    }
}
