package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.internal.cas.CompareAndSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces and resource types one caller reaches in the {@link MetadefRepository}: loading what the caller
 * sees (the rest is not found), changing an aggregate by compare-and-set under a write rule, and the timestamps.
 */
final class MetadefStore {
    private static final Logger LOG = LoggerFactory.getLogger(MetadefStore.class);

    private final MetadefRepository repository;
    private final MetadefAccess access;
    private final Clock clock;

    MetadefStore(MetadefRepository repository, MetadefAccess access, Clock clock) {
        this.repository = repository;
        this.access = access;
        this.clock = clock;
    }

    /** The clock's instant at millisecond precision (what every back-end keeps). */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The namespace if the caller sees it; otherwise not found. */
    MetadefNamespace load(String namespace) {
        if (namespace == null) {
            throw new InvalidInputException("namespace: required");
        }
        return repository.findNamespace(namespace).filter(access::canSee).orElseThrow(() -> notFound(namespace));
    }

    /** The namespace if the caller sees it (else not found) and {@code rule} lets it {@code what} (else forbidden). */
    MetadefNamespace read(String namespace, MetadefRule rule, String what) {
        MetadefNamespace ns = load(namespace);
        access.require(rule, ns, what);
        return ns;
    }

    /** True if a namespace of that name exists, whoever sees it. */
    boolean exists(String namespace) {
        return repository.findNamespace(namespace).isPresent();
    }

    /** Every namespace the caller sees, by name. */
    List<MetadefNamespace> visible() {
        return sorted(repository.listNamespaces().stream().filter(access::canSee).toList());
    }

    /** Every namespace whose definitions apply to the caller's resources ({@link MetadefAccess#inScope}), by name. */
    List<MetadefNamespace> inScope() {
        return sorted(repository.listNamespaces().stream().filter(access::inScope).toList());
    }

    private static List<MetadefNamespace> sorted(List<MetadefNamespace> namespaces) {
        List<MetadefNamespace> out = new ArrayList<>(namespaces);
        out.sort(Comparator.comparing(MetadefNamespace::namespace));
        return out;
    }

    MetadefNamespace insert(MetadefNamespace namespace) {
        return repository.insertNamespace(namespace);
    }

    /** Deletes the namespace; not found if it went away meanwhile. */
    void delete(String namespace) {
        if (!repository.deleteNamespace(namespace)) {
            throw notFound(namespace);
        }
    }

    /**
     * Loads the namespace, checks {@code rule}, applies {@code change} and stores the result by compare-and-set,
     * again from the start when a concurrent writer got in first. A change returning its argument stores nothing.
     */
    MetadefNamespace update(String namespace, MetadefRule rule, String what,
                            UnaryOperator<MetadefNamespace> change) {
        return CompareAndSet.retry(() -> {
            MetadefNamespace current = read(namespace, rule, what);
            MetadefNamespace next = change.apply(current);
            return next == current ? current : repository.updateNamespace(namespace, current.version(), next);
        }, () -> new ConflictException("metadef namespace '" + namespace + "' keeps changing concurrently; try again"));
    }

    List<MetadefResourceType> resourceTypes() {
        List<MetadefResourceType> all = new ArrayList<>(repository.listResourceTypes());
        all.sort(Comparator.comparing(MetadefResourceType::name));
        return all;
    }

    MetadefResourceType insertResourceType(String name) {
        Instant now = now();
        return repository.insertResourceType(new MetadefResourceType(name, false, now, now));
    }

    /** Creates the resource types of these associations that do not exist yet. */
    void ensureResourceTypes(List<ResourceTypeAssociation> associations) {
        for (ResourceTypeAssociation a : associations) {
            if (repository.findResourceType(a.name()).isEmpty()) {
                try {
                    insertResourceType(a.name());
                } catch (ConflictException raced) {
                    LOG.debug("resource type {} was created concurrently", a.name());
                }
            }
        }
    }

    static NotFoundException notFound(String namespace) {
        return new NotFoundException("metadef namespace '" + namespace + "' not found");
    }

    static NotFoundException notFound(String namespace, String what, String name) {
        return new NotFoundException("metadef " + what + " '" + name + "' not found in namespace '" + namespace
                + "'");
    }
}
