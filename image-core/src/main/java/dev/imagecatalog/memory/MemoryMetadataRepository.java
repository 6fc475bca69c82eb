package dev.imagecatalog.memory;

import dev.imagecatalog.ConflictException;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageQuery.Direction;
import dev.imagecatalog.image.ImageQuery.SortOrder;
import dev.imagecatalog.image.ImageQuery.TimeCondition;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.OwnerUsage;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.VersionConflictException;
import dev.imagecatalog.spi.Viewer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Image records in the heap (metadata type {@code memory}): the fake back-end for tests and harnesses, with the
 * same semantics as the SQL one. The catalog id and the write intents are {@link MemoryRecoveryRecords}'.
 *
 * <p>All rows (soft-deleted included) live in one {@link ConcurrentHashMap}; every write goes through
 * {@link ConcurrentHashMap#compute}, so create and compare-and-set are atomic per id and the secondary indexes of
 * one id are maintained under that id's lock. The indexes hold live (not soft-deleted) rows only:
 * <ul>
 *   <li>a concurrent sorted set on (created_at, id), which the default sort walks, stopping at limit + 1;</li>
 *   <li>tag -> ids, which gives the candidates when a tag is rare;</li>
 *   <li>location -> ids (soft-deleted rows included, until purged) for {@link #isReferenced}.</li>
 * </ul>
 * Readers may see an index a moment ahead of or behind the rows; every candidate is re-read from the row map and
 * checked against its index key, so a list never shows an image twice or in a stale state.
 */
final class MemoryMetadataRepository extends MemoryRecoveryRecords {

    /** A stored row: the image and, when soft-deleted, the deletion time. */
    private record Row(Image image, Instant deletedAt) {
        boolean live() {
            return deletedAt == null;
        }
    }

    /** The key of the default-sort index. */
    private record CreatedKey(Instant createdAt, String id) {
        static final Comparator<CreatedKey> ORDER =
                Comparator.comparing(CreatedKey::createdAt).thenComparing(CreatedKey::id);

        static CreatedKey of(Image i) {
            return new CreatedKey(i.createdAt(), i.id());
        }
    }

    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<CreatedKey> byCreated = new ConcurrentSkipListSet<>(CreatedKey.ORDER);
    private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StoreLocation, Set<String>> byLocation = new ConcurrentHashMap<>();
    /** image id -> member id -> record. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ImageMember>> members = new ConcurrentHashMap<>();

    MemoryMetadataRepository() {
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void create(Image image) {
        Objects.requireNonNull(image, "image");
        rows.compute(image.id(), (id, old) -> {
            if (old != null) {
                throw new ConflictException("image " + id + " already exists");
            }
            Row row = new Row(image, isSoftDeleted(image.status()) ? image.updatedAt() : null);
            index(null, row);
            return row;
        });
    }

    @Override
    public Image update(Image image) {
        Objects.requireNonNull(image, "image");
        Row updated = rows.compute(image.id(), (id, old) -> {
            if (old == null) {
                throw new NotFoundException("image " + id + " not found");
            }
            if (old.image().version() != image.version()) {
                throw new VersionConflictException("image " + id + " was changed concurrently (version "
                        + old.image().version() + ", expected " + image.version() + ")");
            }
            Image next = image.toBuilder().version(image.version() + 1).build();
            Row row = new Row(next, isSoftDeleted(next.status()) ? next.updatedAt() : null);
            index(old, row);
            return row;
        });
        return updated.image();
    }

    @Override
    public int purgeDeleted(Instant before, int batchSize) {
        Objects.requireNonNull(before, "before");
        int purged = 0;
        for (Row row : rows.values()) {
            if (purged >= batchSize) {
                break;
            }
            if (row.deletedAt() != null && row.deletedAt().isBefore(before)) {
                boolean[] removed = {false};
                rows.computeIfPresent(row.image().id(), (id, current) -> {
                    if (current.deletedAt() != null && current.deletedAt().isBefore(before)) {
                        index(current, null);
                        members.remove(id);
                        removed[0] = true;
                        return null;
                    }
                    return current;
                });
                if (removed[0]) {
                    purged++;
                }
            }
        }
        return purged;
    }

    private static boolean isSoftDeleted(ImageStatus status) {
        return status == ImageStatus.DELETED || status == ImageStatus.PENDING_DELETE;
    }

    /** Moves the index entries of one id from {@code old} to {@code now}; called under that id's lock. */
    private void index(Row old, Row now) {
        Image o = old == null ? null : old.image();
        Image n = now == null ? null : now.image();
        boolean oldLive = old != null && old.live();
        boolean newLive = now != null && now.live();
        if (oldLive && (!newLive || !o.createdAt().equals(n.createdAt()))) {
            byCreated.remove(CreatedKey.of(o));
        }
        if (newLive) {
            byCreated.add(CreatedKey.of(n));
        }
        if (oldLive) {
            for (String tag : o.tags()) {
                if (!newLive || !n.tags().contains(tag)) {
                    removeFrom(byTag, tag, o.id());
                }
            }
        }
        if (newLive) {
            for (String tag : n.tags()) {
                addTo(byTag, tag, n.id());
            }
        }
        if (o != null) {
            for (StoreLocation l : o.locations()) {
                if (n == null || !n.locations().contains(l)) {
                    removeFrom(byLocation, l, o.id());
                }
            }
        }
        if (n != null) {
            for (StoreLocation l : n.locations()) {
                addTo(byLocation, l, n.id());
            }
        }
    }

    private static <K> void addTo(ConcurrentHashMap<K, Set<String>> index, K key, String id) {
        index.compute(key, (k, ids) -> {
            Set<String> s = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            s.add(id);
            return s;
        });
    }

    private static <K> void removeFrom(ConcurrentHashMap<K, Set<String>> index, K key, String id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Image> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Row row = rows.get(id);
        return row == null || !row.live() ? Optional.empty() : Optional.of(row.image());
    }

    @Override
    public List<Image> findByStatus(ImageStatus status, int limit) {
        List<Image> found = new ArrayList<>();
        for (Row row : rows.values()) {
            if (row.image().status() == status) {
                found.add(row.image());
            }
        }
        found.sort(Comparator.comparing(Image::updatedAt).thenComparing(Image::id));
        return found.size() > limit ? List.copyOf(found.subList(0, Math.max(0, limit))) : found;
    }

    @Override
    public boolean isReferenced(StoreLocation location) {
        Set<String> ids = byLocation.get(location);
        return ids != null && !ids.isEmpty();
    }

    @Override
    public Page<Image> list(ImageQuery query, Viewer viewer) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(viewer, "viewer");
        int limit = query.limit() == null ? 25 : query.limit();
        if (limit < 0) {
            throw new InvalidInputException("invalid limit " + limit + ": must not be negative");
        }
        List<SortOrder> order = query.effectiveSort();
        Comparator<Image> comparator = comparator(order);
        Image marker = null;
        if (query.marker() != null) {
            Row row = rows.get(query.marker());
            if (row == null || !row.live() || !canSee(row.image(), viewer)) {
                throw new InvalidInputException("invalid marker '" + query.marker() + "': no such image");
            }
            marker = row.image();
        }
        if (limit == 0) {
            return new Page<>(List.of(), Optional.empty());
        }
        int wanted = limit + 1;
        List<Image> found;
        if (order.get(0).key() == SortKey.CREATED_AT && order.size() == 2
                && order.get(1).direction() == order.get(0).direction() && query.ids() == null
                && !preferTagCandidates(query, wanted)) {
            found = walkCreatedIndex(query, viewer, order.get(0).direction(), marker, wanted);
        } else {
            found = sortCandidates(query, viewer, comparator, marker, wanted);
        }
        if (found.size() > limit) {
            List<Image> items = found.subList(0, limit);
            return new Page<>(items, Optional.of(items.get(limit - 1).id()));
        }
        return new Page<>(found, Optional.empty());
    }

    private static Comparator<Image> comparator(List<SortOrder> order) {
        SortKey[] keys = new SortKey[order.size()];
        boolean[] descending = new boolean[order.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = order.get(i).key();
            descending[i] = order.get(i).direction() == Direction.DESC;
        }
        return (a, b) -> {
            for (int i = 0; i < keys.length; i++) {
                int c = compareBy(keys[i], a, b);
                if (c != 0) {
                    return descending[i] ? -c : c;
                }
            }
            return 0;
        };
    }

    /** The wire names by ordinal, so sorting by status allocates nothing. */
    private static final String[] STATUS_NAMES = statusNames();

    private static String[] statusNames() {
        ImageStatus[] all = ImageStatus.values();
        String[] names = new String[all.length];
        for (ImageStatus s : all) {
            names[s.ordinal()] = s.wireName();
        }
        return names;
    }

    /** Ascending with nulls first (so descending puts them last). */
    private static int compareBy(SortKey key, Image a, Image b) {
        switch (key) {
            case NAME: return compareNullsFirst(a.name(), b.name());
            case STATUS: return STATUS_NAMES[a.status().ordinal()].compareTo(STATUS_NAMES[b.status().ordinal()]);
            case CONTAINER_FORMAT: return compareNullsFirst(a.containerFormat(), b.containerFormat());
            case DISK_FORMAT: return compareNullsFirst(a.diskFormat(), b.diskFormat());
            case SIZE: return compareNullsFirst(a.size(), b.size());
            case ID: return a.id().compareTo(b.id());
            case CREATED_AT: return a.createdAt().compareTo(b.createdAt());
            case UPDATED_AT: return a.updatedAt().compareTo(b.updatedAt());
            default: throw new IllegalArgumentException("unknown sort key " + key);
        }
    }

    private static <T extends Comparable<T>> int compareNullsFirst(T a, T b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        return b == null ? 1 : a.compareTo(b);
    }

    /**
     * True when sorting the rarest tag's images beats walking the created_at index: walking visits about
     * wanted * n / s entries to find {@code wanted} of the s tagged images, sorting costs about s.
     */
    private boolean preferTagCandidates(ImageQuery query, int wanted) {
        if (query.tags().isEmpty()) {
            return false;
        }
        long s = smallestTagSet(query).size();
        long n = Math.max(1, byCreated.size());
        return s * s < (long) wanted * n;
    }

    private Set<String> smallestTagSet(ImageQuery query) {
        Set<String> smallest = null;
        for (String tag : query.tags()) {
            Set<String> ids = byTag.get(tag);
            if (ids == null) {
                return Set.of();
            }
            if (smallest == null || ids.size() < smallest.size()) {
                smallest = ids;
            }
        }
        return smallest;
    }

    private List<Image> walkCreatedIndex(ImageQuery query, Viewer viewer, Direction dir, Image marker, int wanted) {
        NavigableSet<CreatedKey> keys = byCreated;
        if (marker != null) {
            CreatedKey from = CreatedKey.of(marker);
            keys = dir == Direction.ASC ? byCreated.tailSet(from, false) : byCreated.headSet(from, false);
        }
        if (dir == Direction.DESC) {
            keys = keys.descendingSet();
        }
        List<Image> found = new ArrayList<>(Math.min(wanted, 1024));
        for (CreatedKey key : keys) {
            Row row = rows.get(key.id());
            if (row == null || !row.live() || !row.image().createdAt().equals(key.createdAt())) {
                continue; // the index is a moment ahead of or behind the row
            }
            if (listed(row.image(), query, viewer)) {
                found.add(row.image());
                if (found.size() >= wanted) {
                    break;
                }
            }
        }
        return found;
    }

    private List<Image> sortCandidates(ImageQuery query, Viewer viewer, Comparator<Image> comparator, Image marker,
                                       int wanted) {
        Collection<String> ids = null;
        if (query.ids() != null) {
            ids = query.ids();
        } else if (!query.tags().isEmpty()) {
            ids = smallestTagSet(query);
        }
        // a bounded max-heap keeps the first `wanted` matches in order
        PriorityQueue<Image> best = new PriorityQueue<>(Math.min(wanted, 1024) + 1, comparator.reversed());
        if (ids != null) {
            for (String id : ids) {
                Row row = rows.get(id);
                offer(row, query, viewer, comparator, marker, wanted, best);
            }
        } else {
            for (Row row : rows.values()) {
                offer(row, query, viewer, comparator, marker, wanted, best);
            }
        }
        List<Image> found = new ArrayList<>(best);
        found.sort(comparator);
        return found;
    }

    private void offer(Row row, ImageQuery query, Viewer viewer, Comparator<Image> comparator, Image marker,
                       int wanted, PriorityQueue<Image> best) {
        if (row == null || !row.live()) {
            return;
        }
        Image image = row.image();
        if (marker != null && comparator.compare(image, marker) <= 0) {
            return;
        }
        if (best.size() >= wanted && comparator.compare(image, best.peek()) >= 0) {
            return;
        }
        if (!listed(image, query, viewer)) {
            return;
        }
        best.add(image);
        if (best.size() > wanted) {
            best.poll();
        }
    }

    // ---------------------------------------------------------------- filters and visibility

    /** Whether a live image belongs in {@code viewer}'s list for {@code query}. */
    private boolean listed(Image image, ImageQuery query, Viewer viewer) {
        if (image.status() == ImageStatus.KILLED) {
            return false;
        }
        return matches(image, query) && inListOf(image, viewer, query);
    }

    /**
     * The visibility rule of a list, in one place (Glance's {@code _select_images_query}): what the viewer may
     * see, narrowed by {@code query.visibilities()}; with no visibility asked for, other projects' community
     * images are left out.
     */
    private boolean inListOf(Image image, Viewer viewer, ImageQuery query) {
        Set<Visibility> asked = query.visibilities();
        Visibility v = image.visibility();
        if (asked != null && !asked.contains(v)) {
            return false;
        }
        boolean owned = image.owner() != null && image.owner().equals(viewer.projectId());
        if (v == Visibility.COMMUNITY && !owned && asked == null) {
            return false;
        }
        if (viewer.admin() || owned || image.owner() == null) {
            return true;
        }
        switch (v) {
            case PUBLIC:
            case COMMUNITY:
                return true;
            case SHARED: {
                MemberStatus status = membership(image, viewer.projectId());
                return status != null && query.memberStatuses().contains(status);
            }
            default:
                return false;
        }
    }

    /** Whether the viewer may read the image at all (used for markers). */
    private boolean canSee(Image image, Viewer viewer) {
        if (viewer.admin() || image.owner() == null || image.owner().equals(viewer.projectId())) {
            return true;
        }
        switch (image.visibility()) {
            case PUBLIC:
            case COMMUNITY:
                return true;
            case SHARED:
                return membership(image, viewer.projectId()) != null;
            default:
                return false;
        }
    }

    /** The viewer project's membership status of a shared image, or null. */
    private MemberStatus membership(Image image, String projectId) {
        if (projectId == null) {
            return null;
        }
        Map<String, ImageMember> m = members.get(image.id());
        ImageMember member = m == null ? null : m.get(projectId);
        return member == null ? null : member.status();
    }

    // ---------------------------------------------------------------- members

    @Override
    public void addMember(ImageMember member) {
        Objects.requireNonNull(member, "member");
        rows.compute(member.imageId(), (id, row) -> {
            if (row == null || !row.live()) {
                throw new NotFoundException("no image with id " + id);
            }
            ConcurrentHashMap<String, ImageMember> m = members.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
            if (m.putIfAbsent(member.memberId(), member) != null) {
                throw new ConflictException("project " + member.memberId() + " is already a member of image " + id);
            }
            return row;
        });
    }

    @Override
    public ImageMember updateMember(ImageMember member) {
        Objects.requireNonNull(member, "member");
        Map<String, ImageMember> m = members.get(member.imageId());
        if (m == null || m.computeIfPresent(member.memberId(), (k, old) -> member) == null) {
            throw new NotFoundException("project " + member.memberId() + " is not a member of image " + member.imageId());
        }
        return member;
    }

    @Override
    public boolean removeMember(String imageId, String memberId) {
        Map<String, ImageMember> m = members.get(imageId);
        return m != null && m.remove(memberId) != null;
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        Map<String, ImageMember> m = members.get(imageId);
        if (m == null) {
            return List.of();
        }
        List<ImageMember> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparing(ImageMember::memberId));
        return out;
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        Map<String, ImageMember> m = members.get(imageId);
        return m == null || memberId == null ? Optional.empty() : Optional.ofNullable(m.get(memberId));
    }

    // ---------------------------------------------------------------- usage

    @Override
    public OwnerUsage usage(String owner) {
        long count = 0;
        long bytes = 0;
        long uploading = 0;
        for (Row row : rows.values()) {
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

    @Override
    public Optional<Image> findPendingDelete(String id) {
        Row row = id == null ? null : rows.get(id);
        return row != null && row.image().status() == ImageStatus.PENDING_DELETE ? Optional.of(row.image())
                : Optional.empty();
    }

    private static boolean matches(Image i, ImageQuery q) {
        if (q.ids() != null && !q.ids().contains(i.id())) {
            return false;
        }
        if (q.names() != null && (i.name() == null || !q.names().contains(i.name()))) {
            return false;
        }
        if (q.statuses() != null && !q.statuses().contains(i.status().wireName())) {
            return false;
        }
        if (q.diskFormats() != null && (i.diskFormat() == null || !q.diskFormats().contains(i.diskFormat()))) {
            return false;
        }
        if (q.containerFormats() != null
                && (i.containerFormat() == null || !q.containerFormats().contains(i.containerFormat()))) {
            return false;
        }
        if (q.owner() != null && !q.owner().equals(i.owner())) {
            return false;
        }
        if (!q.tags().isEmpty() && !i.tags().containsAll(q.tags())) {
            return false;
        }
        if (q.sizeMin() != null && (i.size() == null || i.size() < q.sizeMin())) {
            return false;
        }
        if (q.sizeMax() != null && (i.size() == null || i.size() > q.sizeMax())) {
            return false;
        }
        if (q.isProtected() != null && q.isProtected() != i.isProtected()) {
            return false;
        }
        if (q.osHidden() != i.osHidden()) {
            return false;
        }
        if (!timeMatches(i.createdAt(), q.createdAt()) || !timeMatches(i.updatedAt(), q.updatedAt())) {
            return false;
        }
        if (q.checksum() != null && !q.checksum().equals(i.checksum())) {
            return false;
        }
        if (q.osHashValue() != null && !q.osHashValue().equals(i.osHashValue())) {
            return false;
        }
        for (Map.Entry<String, String> p : q.properties().entrySet()) {
            if (!p.getValue().equals(i.properties().get(p.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean timeMatches(Instant t, List<TimeCondition> conditions) {
        for (TimeCondition c : conditions) {
            int cmp = t.compareTo(c.instant());
            boolean ok;
            switch (c.op()) {
                case GT: ok = cmp > 0; break;
                case GTE: ok = cmp >= 0; break;
                case EQ: ok = cmp == 0; break;
                case NEQ: ok = cmp != 0; break;
                case LT: ok = cmp < 0; break;
                case LTE: ok = cmp <= 0; break;
                default: throw new IllegalArgumentException("unknown time op " + c.op());
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the rows go with the repository
    }

    // ---------------------------------------------------------------- metadata definitions

    private final MemoryMetadefRepository metadefs = new MemoryMetadefRepository();

    /** This catalog's metadata definitions, in memory like its images (its own, never shared). */
    @Override
    public Optional<dev.imagecatalog.spi.MetadefRepository> metadefs() {
        return Optional.of(metadefs);
    }
}
