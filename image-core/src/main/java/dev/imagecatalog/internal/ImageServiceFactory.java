package dev.imagecatalog.internal;

import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.PropertyProtections;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;

/**
 * Holds what every caller's image service shares (the repository, the stores, the rules, the quotas, the upload
 * pipeline, the events) and wires one caller's parts from it: {@link AccessControl}, {@link ImageRecords},
 * {@link ImageMembers}, {@link UploadFlow}, {@link Downloads}, {@link StoreCopies}, {@link ImageLocations} and {@link ImportFlow} behind {@link DefaultImageService}, with ids and
 * request bounds checked first by {@link CheckedImageService}.
 */
final class ImageServiceFactory {
    private final MetadataRepository repo;
    private final ImageStores stores;
    private final Policy policy;
    private final PropertyProtections protections;
    private final ImageRules rules;
    private final CatalogConfig config;
    private final QuotaLedger quotas;
    private final ImagePropertyDefinitions definitions;
    private final WriteIntents writeIntents;
    private final UploadPipeline pipeline;
    private final UploadFormatCheck formatCheck;
    private final EventBus events;
    private final ImportParts imports;
    /** Null without an image cache ({@code cache.enabled=false}). */
    private final ImageCache cache;

    ImageServiceFactory(MetadataRepository repo, ImageStores stores, Policy policy, PropertyProtections protections,
                        ImageRules rules, CatalogConfig config, QuotaLedger quotas, ImagePropertyDefinitions definitions,
                        WriteIntents writeIntents, UploadPipeline pipeline, UploadFormatCheck formatCheck,
                        EventBus events, ImportParts imports, ImageCache cache) {
        this.repo = repo;
        this.stores = stores;
        this.policy = policy;
        this.protections = protections;
        this.rules = rules;
        this.config = config;
        this.quotas = quotas;
        this.definitions = definitions;
        this.writeIntents = writeIntents;
        this.pipeline = pipeline;
        this.formatCheck = formatCheck;
        this.events = events;
        this.imports = imports;
        this.cache = cache;
    }

    /** The image service acting for {@code ctx}. */
    ImageService forContext(RequestContext ctx) {
        java.util.Objects.requireNonNull(ctx, "ctx");
        AccessControl access = access(ctx);
        ImageChanges changes = new ImageChanges(access, repo);
        ImageLocations locations = new ImageLocations(access, changes, repo, stores, config, quotas, events);
        StoreCopies copies = new StoreCopies(access, changes, stores, writeIntents, pipeline, events,
                config.maxLocations());
        ImageRecords records = new ImageRecords(access, changes, repo, rules, config, quotas, definitions, locations,
                events, cache);
        DefaultImageService service = new DefaultImageService(access, records,
                new ImageMembers(access, repo, quotas, config.maxMembers(), events),
                new UploadFlow(access, changes, repo, stores, config, quotas, writeIntents, pipeline, formatCheck,
                        events),
                new Downloads(access, stores, events, cache),
                copies,
                importFlow(access, changes, copies, records),
                imports.tasks(), locations, stores, quotas);
        return new CheckedImageService(service, config.limits());
    }

    /** The stage and import flow acting for {@code ctx} (the legacy {@code import} task starts there too). */
    ImportFlow importFlow(RequestContext ctx) {
        AccessControl access = access(ctx);
        ImageChanges changes = new ImageChanges(access, repo);
        ImageLocations locations = new ImageLocations(access, changes, repo, stores, config, quotas, events);
        return importFlow(access, changes, new StoreCopies(access, changes, stores, writeIntents, pipeline, events,
                config.maxLocations()), new ImageRecords(access, changes, repo, rules, config, quotas, definitions,
                locations, events, cache));
    }

    private ImportFlow importFlow(AccessControl access, ImageChanges changes, StoreCopies copies,
                                  ImageRecords records) {
        return new ImportFlow(access, changes, repo, stores, config, quotas, writeIntents, pipeline, formatCheck,
                events, copies, records, imports);
    }

    /** The image cache's management acting for {@code ctx}. */
    CacheService cacheService(RequestContext ctx) {
        if (cache == null) {
            return DisabledCacheService.INSTANCE;
        }
        return new DefaultCacheService(access(ctx), policy, cache);
    }

    /** The access checks of {@code ctx}: its policy rules and property protections. */
    private AccessControl access(RequestContext ctx) {
        return new AccessControl(ctx, repo, policy, new PropertyView(protections, ctx));
    }

    /** {@return whether this catalog has an image cache ({@code cache.enabled})} */
    boolean cacheEnabled() {
        return cache != null;
    }

    /** {@return whether images show their locations ({@code image.show-multiple-locations})} */
    boolean showsMultipleLocations() {
        return config.showMultipleLocations();
    }
}
