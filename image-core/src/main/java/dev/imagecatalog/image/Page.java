package dev.imagecatalog.image;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list.
 *
 * @param items      the items, in the requested order
 * @param nextMarker the marker that asks for the next page, empty when this page is the last
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, Optional<String> nextMarker) {
    /**
     * Copies the items.
     *
     * @param items      the items, in the requested order
     * @param nextMarker the marker that asks for the next page, empty when this page is the last
     */
    public Page {
        items = List.copyOf(items);
    }

    /** {@return true if there is a next page} */
    public boolean hasNext() {
        return nextMarker.isPresent();
    }
}
