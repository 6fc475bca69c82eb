package dev.imagecatalog;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.memory.MemoryMetadataProvider;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test metadata type {@code recording}: a memory repository that remembers every query its {@code list} was asked,
 * so a test can see what reached the back-end. Read them through {@link Recorded#listQueries()} on
 * {@code catalog.backends().metadataRepository()}.
 */
public final class RecordingMetadataProvider implements MetadataProvider {

    /** What the recording repository was asked. */
    public interface Recorded {
        List<ImageQuery> listQueries();
    }

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public MetadataRepository create(Settings settings) {
        MetadataRepository real = new MemoryMetadataProvider().create(settings);
        List<ImageQuery> queries = new CopyOnWriteArrayList<>();
        return (MetadataRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MetadataRepository.class, Recorded.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Recorded.class) {
                        return List.copyOf(queries);
                    }
                    if (method.getName().equals("list")) {
                        queries.add((ImageQuery) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
