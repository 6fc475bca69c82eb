package dev.imagecatalog.memory;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.SortOrder.Direction;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.TimeCondition;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.memory.MemoryImageRows.CreatedKey;
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

/**
 * The list query of {@link MemoryMetadataRepository}: filters, the visibility rule, the order of
 * {@link ImageQuery#effectiveSort()} and the page. The default sort walks the (created_at, id) index and stops at
 * limit + 1; other sorts keep the first limit + 1 matches in a bounded heap, over the rarest tag's images when that
 * is cheaper than a walk. Every candidate is re-read from the rows, so a list never shows an image twice or in a
 * stale state.
 */
final class MemoryImageList {
    private final MemoryImageRows rows;
    private final MemoryMembers members;

    MemoryImageList(MemoryImageRows rows, MemoryMembers members) {
        this.rows = rows;
        this.members = members;
    }

    Page<Image> list(ImageQuery query, Viewer viewer) {
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
            MemoryImageRows.Row row = rows.row(query.marker());
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
        long n = Math.max(1, rows.byCreated().size());
        return s * s < (long) wanted * n;
    }

    private Set<String> smallestTagSet(ImageQuery query) {
        Set<String> smallest = null;
        for (String tag : query.tags()) {
            Set<String> ids = rows.tagged(tag);
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
        NavigableSet<CreatedKey> keys = rows.byCreated();
        if (marker != null) {
            CreatedKey from = CreatedKey.of(marker);
            keys = dir == Direction.ASC ? keys.tailSet(from, false) : keys.headSet(from, false);
        }
        if (dir == Direction.DESC) {
            keys = keys.descendingSet();
        }
        List<Image> found = new ArrayList<>(Math.min(wanted, 1024));
        for (CreatedKey key : keys) {
            MemoryImageRows.Row row = rows.row(key.id());
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
                MemoryImageRows.Row row = rows.row(id);
                offer(row, query, viewer, comparator, marker, wanted, best);
            }
        } else {
            for (MemoryImageRows.Row row : rows.all()) {
                offer(row, query, viewer, comparator, marker, wanted, best);
            }
        }
        List<Image> found = new ArrayList<>(best);
        found.sort(comparator);
        return found;
    }

    private void offer(MemoryImageRows.Row row, ImageQuery query, Viewer viewer, Comparator<Image> comparator, Image marker,
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
                MemberStatus status = members.status(image.id(), viewer.projectId());
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
                return members.status(image.id(), viewer.projectId()) != null;
            default:
                return false;
        }
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
}
