package dev.imagecatalog.metadef;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Replacing and removing the item of a given name in a namespace's list of objects, properties, tags... */
final class NamedLists {
    private NamedLists() {
    }

    static <T> List<T> replace(List<T> items, Function<T, String> name, String old, T replacement) {
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(name.apply(item).equals(old) ? replacement : item);
        }
        return out;
    }

    static <T> List<T> remove(List<T> items, Function<T, String> name, String gone) {
        List<T> out = new ArrayList<>(items);
        out.removeIf(i -> name.apply(i).equals(gone));
        return out;
    }
}
