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

    /**
     * A service over {@code repository} for {@code context}, with the defaults (no listener, validation off).
     *
     * @param repository where the definitions are kept
     * @param context    the caller the service acts for
     * @return the service
     */
    public static MetadefService service(MetadefRepository repository, RequestContext context) {
        return builder(repository).build().forContext(context);
    }

    /**
     * A builder over {@code repository}.
     *
     * @param repository where the definitions are kept
     * @return a builder with the defaults: default policy, no listener, validation off, UTC clock
     */
    public static Builder builder(MetadefRepository repository) {
        return new Builder(repository);
    }

    /**
     * The service acting for {@code context}.
     *
     * @param context the caller
     * @return a service acting for {@code context}
     * @throws NullPointerException if {@code context} is null
     */
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

    /**
     * True if services of this factory check image properties.
     *
     * @return true if image property validation is on
     */
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

        /**
         * The clock for timestamps (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The access policy; its metadef rules decide who may do what (default {@link Policy#defaults()}).
         *
         * @param policy the policy
         * @return this builder
         */
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

        /**
         * Turns image property validation on or off (default off, as Glance never enforces).
         *
         * @param on true to check image properties against the definitions
         * @return this builder
         */
        public Builder validateImageProperties(boolean on) {
            this.validateImageProperties = on;
            return this;
        }

        /**
         * Reads {@value MetadefValidator#SETTING_KEY} (a boolean, default false) and the policy
         * ({@link Policy#fromSettings}: Glance's defaults overridden by {@code policy.<rule>}) from catalog settings.
         *
         * @param settings the catalog's settings
         * @return this builder
         * @throws dev.imagecatalog.error.CatalogConfigurationException naming the key of a bad value
         */
        public Builder settings(Settings settings) {
            this.validateImageProperties = settings.getBoolean(MetadefValidator.SETTING_KEY, false);
            this.policy = Policy.fromSettings(settings);
            return this;
        }

        /**
         * The factory.
         *
         * @return the factory
         */
        public MetadefServiceFactory build() {
            return new MetadefServiceFactory(this);
        }
    }
}
