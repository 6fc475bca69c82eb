package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.policy.PropertyProtections.Operation;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.policy.RequestContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One caller's view of custom properties under the catalog's {@link PropertyProtections}: a property the caller may
 * not read behaves exactly as an absent one, so no answer depends on whether it exists or on its value. Reads
 * leave it out; a list filter on it matches nothing (decided here, so the back-end never compares the protected
 * value for this caller); a patch is checked and applied against the caller's view (Glance's
 * {@code ExtraPropertiesProxy}): {@code add} of an unreadable key is a create, {@code replace} and {@code remove}
 * of one answer "does not exist", and the unreadable properties the patch does not set are kept as stored.
 */
final class PropertyView {
    private final PropertyProtections protections;
    private final RequestContext ctx;

    PropertyView(PropertyProtections protections, RequestContext ctx) {
        this.protections = protections;
        this.ctx = ctx;
    }

    private boolean readable(String key) {
        return protections.allows(Operation.READ, ctx, key);
    }

    /** The image as this caller may read it: properties it may not read are removed (the same instance if none). */
    Image redact(Image image) {
        if (protections.isEmpty()) {
            return image;
        }
        Map<String, String> props = null;
        for (String key : image.properties().keySet()) {
            if (!readable(key)) {
                if (props == null) {
                    props = new TreeMap<>(image.properties());
                }
                props.remove(key);
            }
        }
        return props == null ? image : image.toBuilder().properties(props).build();
    }

    /**
     * True when {@code query} filters on a property this caller may not read. Such a property is absent for the
     * caller, so the filter matches no image: the list is empty whatever is stored, without asking the repository.
     */
    boolean filtersOnUnreadable(ImageQuery query) {
        if (protections.isEmpty()) {
            return false;
        }
        for (String key : query.properties().keySet()) {
            if (!readable(key)) {
                return true;
            }
        }
        return false;
    }

    /** A create may set only properties the caller's roles may create. */
    void checkCreate(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            protections.enforce(Operation.CREATE, ctx, key);
        }
    }

    /**
     * Checks the patch's custom-property operations against {@code view} (the image as this caller reads it):
     * {@code add} of a present key is an update, of an absent one a create; {@code replace} and {@code remove} of a
     * present key need update and delete; of an absent key they are left to the patch, which answers that the
     * property does not exist. Unreadable keys are absent here whatever is stored.
     */
    void checkPatch(Image view, ImagePatch patch) {
        if (protections.isEmpty()) {
            return;
        }
        Set<String> present = new HashSet<>(view.properties().keySet());
        for (ImagePatch.Operation op : patch.operations()) {
            String key = op.path();
            if (key.isEmpty() || ImageRules.BASE.contains(key) || ImageRules.READ_ONLY.contains(key)
                    || ImageRules.RESERVED.contains(key)) {
                continue;
            }
            switch (op.op()) {
                case ADD:
                    protections.enforce(present.contains(key) ? Operation.UPDATE : Operation.CREATE, ctx, key);
                    present.add(key);
                    break;
                case REPLACE:
                    if (present.contains(key)) {
                        protections.enforce(Operation.UPDATE, ctx, key);
                    }
                    break;
                default:
                    if (present.remove(key)) {
                        protections.enforce(Operation.DELETE, ctx, key);
                    }
            }
        }
    }

    /**
     * {@code changedView} (a patch applied to the caller's view of {@code stored}) with the stored properties the
     * caller may not read put back, except those the patch set.
     */
    Image restoreUnreadable(Image stored, Image changedView) {
        if (protections.isEmpty()) {
            return changedView;
        }
        Map<String, String> props = null;
        for (Map.Entry<String, String> e : stored.properties().entrySet()) {
            if (!readable(e.getKey()) && !changedView.properties().containsKey(e.getKey())) {
                if (props == null) {
                    props = new TreeMap<>(changedView.properties());
                }
                props.put(e.getKey(), e.getValue());
            }
        }
        return props == null ? changedView : changedView.toBuilder().properties(props).build();
    }
}
