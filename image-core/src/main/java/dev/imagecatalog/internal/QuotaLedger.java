package dev.imagecatalog.internal;

import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.OwnerUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-owner quota ledger of one catalog. Every check-and-change of an owner's usage runs under that owner's
 * lock, so within this catalog two creates or two uploads cannot both squeeze under a limit.
 *
 * <p>Stored bytes: the repository's figure is read when an owner's first upload starts and kept while uploads of
 * that owner run; bytes streamed are added to the owner's in-flight bytes chunk by chunk (a declared size is
 * reserved whole at the start) and checked against {@code image_size_total} (stored + in flight) and
 * {@code image_stage_total} (in flight). A finished upload moves its bytes from in flight to stored; a failed one
 * gives them back. Between activation and release the bytes are counted twice: conservative, never under.
 *
 * <p>Across processes sharing one database the ledger sees only its own uploads; the repository's figures (read at
 * each create and at each owner's first upload) are the only shared part, so two processes can overshoot by what
 * each has in flight.
 */
final class QuotaLedger {
    static final String IMAGE_COUNT_TOTAL = "image_count_total";
    static final String IMAGE_SIZE_TOTAL = "image_size_total";
    static final String IMAGE_STAGE_TOTAL = "image_stage_total";
    static final String IMAGE_COUNT_UPLOADING = "image_count_uploading";

    /** Limits; negative means unlimited. */
    record Limits(long imageCountTotal, long imageSizeTotal, long imageStageTotal, long imageCountUploading) {
        boolean any() {
            return imageCountTotal >= 0 || imageSizeTotal >= 0 || imageStageTotal >= 0 || imageCountUploading >= 0;
        }
    }

    /**
     * The catalog-wide limits and the projects whose limits differ (Keystone's registered limits and project
     * limits): a project listed here has all four of its limits in its entry, the catalog-wide ones filled in.
     */
    record Quotas(Limits defaults, Map<String, Limits> projects) {
        Quotas {
            projects = Map.copyOf(projects);
        }

        /** The limits of {@code owner} (never null). */
        Limits of(String owner) {
            Limits l = owner == null ? null : projects.get(owner);
            return l == null ? defaults : l;
        }
    }

    private static final class Owner {
        long inflightUploads;
        long inflightBytes;
        long storedBase = -1;
    }

    private final Quotas quotas;
    private final MetadataRepository repo;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private final Object[] imageLocks = new Object[64];

    QuotaLedger(Quotas quotas, MetadataRepository repo) {
        this.quotas = quotas;
        this.repo = repo;
        for (int i = 0; i < imageLocks.length; i++) {
            imageLocks[i] = new Object();
        }
    }

    private Owner owner(String id) {
        return owners.computeIfAbsent(id, k -> new Owner());
    }

    /** A lock for per-image counted changes (members). */
    Object imageLock(String imageId) {
        return imageLocks[Math.floorMod(imageId.hashCode(), imageLocks.length)];
    }

    /**
     * Creates {@code image} in the repository if its owner's {@code image_count_total} allows one more: under the
     * owner's lock here, and through {@link MetadataRepository#createIfBelow}, which a shared back-end makes atomic
     * across processes.
     */
    void create(Image image) {
        String ownerId = image.owner();
        Limits limits = quotas.of(ownerId);
        if (ownerId == null || limits.imageCountTotal() < 0) {
            repo.create(image);
            return;
        }
        Owner o = owner(ownerId);
        synchronized (o) {
            long count = repo.createIfBelow(image, limits.imageCountTotal());
            if (count >= limits.imageCountTotal()) {
                throw new TooLargeException("quota exceeded: project " + ownerId + " has " + count
                        + " images, its image_count_total limit is " + limits.imageCountTotal());
            }
        }
    }

    /** One upload's claim on its owner's quotas. */
    final class Reservation implements UploadPipeline.Allowance {
        private final String ownerId;
        private final Owner o;
        private long reserved;
        private long used;
        private boolean released;

        private Reservation(String ownerId, Owner o, long reserved) {
            this.ownerId = ownerId;
            this.o = o;
            this.reserved = reserved;
        }

        @Override
        public void take(long bytes) {
            if (o == null) {
                return;
            }
            long fromReserve = Math.min(bytes, reserved - used);
            long extra = bytes - Math.max(0, fromReserve);
            synchronized (o) {
                if (extra > 0) {
                    checkBytes(ownerId, o, extra);
                    o.inflightBytes += extra;
                    reserved += extra;
                }
                used += bytes;
            }
        }

        /** The upload's data is now in the repository (active): its bytes move from in flight to stored. */
        void committed(long size) {
            if (o == null) {
                return;
            }
            synchronized (o) {
                if (o.storedBase >= 0) {
                    o.storedBase += size;
                }
                release();
            }
        }

        /** Gives back whatever this upload holds. Idempotent. */
        void release() {
            if (o == null) {
                return;
            }
            synchronized (o) {
                if (released) {
                    return;
                }
                released = true;
                o.inflightBytes -= reserved;
                o.inflightUploads--;
                if (o.inflightUploads == 0) {
                    o.storedBase = -1;
                    o.inflightBytes = 0;
                }
            }
        }
    }

    private void checkBytes(String ownerId, Owner o, long more) {
        Limits limits = quotas.of(ownerId);
        if (limits.imageSizeTotal() >= 0) {
            if (o.storedBase < 0) {
                o.storedBase = repo.usage(ownerId).storedBytes();
            }
            if (o.storedBase + o.inflightBytes + more > limits.imageSizeTotal()) {
                throw new TooLargeException("quota exceeded: project " + ownerId + " stores " + o.storedBase
                        + " bytes with " + o.inflightBytes + " more being uploaded; " + more
                        + " more would pass its image_size_total limit of " + limits.imageSizeTotal() + " bytes");
            }
        }
        if (limits.imageStageTotal() >= 0 && o.inflightBytes + more > limits.imageStageTotal()) {
            throw new TooLargeException("quota exceeded: project " + ownerId + " has " + o.inflightBytes
                    + " bytes being uploaded; " + more + " more would pass its image_stage_total limit of "
                    + limits.imageStageTotal() + " bytes");
        }
    }

    /**
     * Claims an upload slot (checking {@code image_count_uploading}) and, when the size is declared, reserves it
     * whole (checking the byte quotas).
     */
    Reservation reserveUpload(String ownerId, long declaredSize) {
        Limits limits = quotas.of(ownerId);
        if (ownerId == null || !limits.any()) {
            return new Reservation(ownerId, null, 0);
        }
        Owner o = owner(ownerId);
        synchronized (o) {
            if (limits.imageCountUploading() >= 0) {
                long uploading = Math.max(o.inflightUploads, repo.usage(ownerId).uploading());
                if (uploading + 1 > limits.imageCountUploading()) {
                    throw new TooLargeException("quota exceeded: project " + ownerId + " has " + uploading
                            + " uploads running, its image_count_uploading limit is " + limits.imageCountUploading());
                }
            }
            long reserve = Math.max(0, declaredSize);
            if (reserve > 0) {
                try {
                    checkBytes(ownerId, o, reserve);
                } catch (TooLargeException e) {
                    if (o.inflightUploads == 0) {
                        o.storedBase = -1; // read again next time: no upload holds the cached value up to date
                    }
                    throw e;
                }
            }
            o.inflightUploads++;
            o.inflightBytes += reserve;
            return new Reservation(ownerId, o, reserve);
        }
    }

    /**
     * Checks {@code image_size_total} for {@code more} bytes on top of what the owner stores and uploads now (an
     * import's request, before its task exists); reserves nothing.
     */
    void checkStored(String ownerId, long more) {
        Limits limits = quotas.of(ownerId);
        if (ownerId == null || limits.imageSizeTotal() < 0) {
            return;
        }
        Owner o = owner(ownerId);
        synchronized (o) {
            long stored = o.storedBase >= 0 ? o.storedBase : repo.usage(ownerId).storedBytes();
            if (stored + o.inflightBytes + more > limits.imageSizeTotal()) {
                throw new TooLargeException("quota exceeded: project " + ownerId + " stores " + stored + " bytes with "
                        + o.inflightBytes + " more being uploaded; " + more + " more would pass its image_size_total"
                        + " limit of " + limits.imageSizeTotal() + " bytes");
            }
        }
    }

    /** Each quota with its limit (-1 = unlimited) and the owner's use now. */
    List<QuotaUsage> usage(String ownerId) {
        Limits limits = quotas.of(ownerId);
        OwnerUsage u = ownerId == null ? new OwnerUsage(0, 0, 0) : repo.usage(ownerId);
        Owner o = ownerId == null ? null : owners.get(ownerId);
        long inflightBytes = 0;
        long inflightUploads = 0;
        if (o != null) {
            synchronized (o) {
                inflightBytes = o.inflightBytes;
                inflightUploads = o.inflightUploads;
            }
        }
        return List.of(new QuotaUsage(IMAGE_COUNT_TOTAL, limits.imageCountTotal(), u.imageCount()),
                new QuotaUsage(IMAGE_SIZE_TOTAL, limits.imageSizeTotal(), u.storedBytes()),
                new QuotaUsage(IMAGE_STAGE_TOTAL, limits.imageStageTotal(), inflightBytes),
                new QuotaUsage(IMAGE_COUNT_UPLOADING, limits.imageCountUploading(),
                        Math.max(inflightUploads, u.uploading())));
    }
}
