package dev.imagecatalog.contract;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.memory.MemoryMetadataProvider;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Test-only metadata back-end, type {@code faulty-metadata}: the memory repository, except that the
 * {@link MetadataRepository} methods named in {@code metadata.fail} (a comma list, e.g. {@code recordWriteIntent})
 * throw {@link BackendUnavailableException}, as a database that is down would.
 */
public final class FaultyMetadataProvider implements MetadataProvider {
    public static final String TYPE = "faulty-metadata";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetadataRepository create(Settings settings) {
        MetadataRepository delegate = new MemoryMetadataProvider().create(settings);
        Set<String> failing = Set.copyOf(settings.getList("fail"));
        return (MetadataRepository) Proxy.newProxyInstance(MetadataRepository.class.getClassLoader(),
                new Class<?>[] {MetadataRepository.class}, (proxy, method, args) -> {
                    if (failing.contains(method.getName())) {
                        throw new BackendUnavailableException("injected: " + method.getName() + " failed");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
