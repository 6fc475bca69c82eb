package dev.imagecatalog.metadef;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes {@link MetadefService}s over one {@link MetadefRepository}: one factory per catalog, one service per
 * caller. Immutable and thread-safe. Access follows the {@link Policy}'s metadef rules (Glance's names and
 * defaults unless {@link Builder#policy} or {@link Builder#settings} says otherwise).
 *
 * <pre>{@code
 * MetadefServiceFactory metadefs = MetadefServiceFactory.builder(new MemoryMetadefRepository())
 *         .validateImageProperties(true)
 *         .listener(event -> log.info("{} {}", event.type(), event.payload()))
 *         .build();
 * MetadefService admin = metadefs.forContext(RequestContext.admin("ops", "alice"));
 * }</pre>
 */
public final class MetadefServiceFactory {
    private final MetadefRepository repository;
    private final Clock clock;
    private final Policy policy;
    private final MetadefEvents events;
    private final boolean validateImageProperties;

    private MetadefServiceFactory(Builder b) {
        this.repository = Objects.requireNonNull(b.repository, "repository");
        this.clock = b.clock;
        this.policy = b.policy;
        this.events = new MetadefEvents(b.listeners, b.clock);
        this.validateImageProperties = b.validateImageProperties;
    }

    /** A service over {@code repository} for {@code context}, with the defaults (no listener, validation off). */
    public static MetadefService service(MetadefRepository repository, RequestContext context) {
        return builder(repository).build().forContext(context);
    }

    /** A builder over {@code repository}. */
    public static Builder builder(MetadefRepository repository) {
        return new Builder(repository);
    }

    /** The service acting for {@code context}. */
    public MetadefService forContext(RequestContext context) {
        Objects.requireNonNull(context, "context");
        MetadefAccess access = new MetadefAccess(policy, context);
        MetadefStore store = new MetadefStore(repository, access, clock);
        NamespaceCrud namespaces = new NamespaceCrud(store, access, events);
        return new DefaultMetadefService(context, namespaces, new ObjectCrud(store, events),
                new PropertyCrud(store, access, events), new TagCrud(store, events),
                new AssociationCrud(store, access, events), new NamespaceImport(store, access, events, namespaces),
                new ImageDefinitions(store, validateImageProperties));
    }

    /** True if services of this factory check image properties. */
    public boolean validatesImageProperties() {
        return validateImageProperties;
    }

    /** Builds a {@link MetadefServiceFactory}. */
    public static final class Builder {
        private final MetadefRepository repository;
        private Clock clock = Clock.systemUTC();
        private Policy policy = Policy.defaults();
        private final List<CatalogEventListener> listeners = new ArrayList<>();
        private boolean validateImageProperties;

        private Builder(MetadefRepository repository) {
            this.repository = repository;
        }

        /** The clock for timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The access policy; its metadef rules decide who may do what (default {@link Policy#defaults()}). */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a listener for metadef changes, called on the caller's thread after each change is stored, with
         * events of the {@code metadef_*} types of {@link dev.imagecatalog.event.CatalogEventTypes}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(CatalogEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Turns image property validation on or off (default off, as Glance never enforces). */
        public Builder validateImageProperties(boolean on) {
            this.validateImageProperties = on;
            return this;
        }

        /**
         * Reads {@value MetadefValidator#SETTING_KEY} (a boolean, default false) and the policy
         * ({@link Policy#fromSettings}: Glance's defaults overridden by {@code policy.<rule>}) from catalog settings.
         */
        public Builder settings(Settings settings) {
            this.validateImageProperties = settings.getBoolean(MetadefValidator.SETTING_KEY, false);
            this.policy = Policy.fromSettings(settings);
            return this;
        }

        /** The factory. */
        public MetadefServiceFactory build() {
            return new MetadefServiceFactory(this);
        }
    }
}
