package dev.imagecatalog.server.api;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Glance's list parameters for the named contents of a namespace (tags, objects): {@code sort_key} ({@code name},
 * {@code created_at} the default, {@code updated_at}; ties broken by name), {@code sort_dir} ({@code desc} the
 * default), {@code marker} (a name; 404 if there is none of that name) and {@code limit} (all when absent). Core
 * hands these lists whole; the page is cut here.
 *
 * @param <T> the kind of item
 */
final class MetadefListPaging<T> {
    private final Function<T, String> name;
    private final Function<T, Instant> createdAt;
    private final Function<T, Instant> updatedAt;
    private final String kind;

    MetadefListPaging(String kind, Function<T, String> name, Function<T, Instant> createdAt,
                      Function<T, Instant> updatedAt) {
        this.kind = kind;
        this.name = name;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /**
     * Glance's {@code limit} parameter of a metadef list.
     *
     * @return the limit, or null when the query has none
     * @throws HttpError 400 when it is not a non-negative integer
     */
    static Integer limit(Exchange ex) {
        String limit = ex.queryFirst("limit");
        if (limit == null) {
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("limit param must be an integer");
        }
        if (n < 0) {
            throw HttpError.badRequest("limit param must be positive");
        }
        return n;
    }

    /** {@return the page of {@code all} the exchange's query asks for} */
    List<T> page(Exchange ex, List<T> all) {
        String sortDir = ex.queryFirst("sort_dir");
        if (sortDir != null && !sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw HttpError.badRequest("Invalid sort direction: " + sortDir);
        }
        Comparator<T> order = order(ex.queryFirst("sort_key"));
        List<T> items = new ArrayList<>(all);
        items.sort("asc".equals(sortDir) ? order : order.reversed());
        String marker = ex.queryFirst("marker");
        if (marker != null && !marker.isEmpty()) {
            int at = items.stream().map(name).toList().indexOf(marker);
            if (at < 0) {
                throw new NotFoundException("Metadata " + kind + " " + marker + " not found");
            }
            items = items.subList(at + 1, items.size());
        }
        Integer limit = limit(ex);
        if (limit != null) {
            items = items.subList(0, Math.min(limit, items.size()));
        }
        return items;
    }

    private Comparator<T> order(String sortKey) {
        String key = sortKey == null ? "created_at" : sortKey.toLowerCase(Locale.ROOT);
        Function<T, Instant> time = switch (key) {
            case "created_at" -> createdAt;
            case "updated_at" -> updatedAt;
            case "name" -> null;
            default -> throw HttpError.badRequest("Invalid sort key: " + sortKey);
        };
        Comparator<T> byName = Comparator.comparing(name);
        return time == null ? byName
                : Comparator.comparing(time, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byName);
    }
}
