package dev.imagecatalog.metadef;

import dev.imagecatalog.image.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the namespaces the caller can see back to Glance's metadefs file format, one file per namespace, like
 * {@code glance-manage db export_metadefs}; {@link MetadefImporter} reads them back to an equal catalog.
 *
 * <p>File names are the namespace with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}
 * ({@code OS::Compute::CPUPinning} becomes {@code OS__Compute__CPUPinning.json}), so they are portable; the
 * namespace itself is inside the file. Each file is written to a temporary file and moved into place.
 */
public final class MetadefExporter {
    private final MetadefService service;
    private final MetadefJson json = new MetadefJson();

    /**
     * An exporter reading through {@code service}.
     *
     * @param service the service read through; its caller sees what it exports
     */
    public MetadefExporter(MetadefService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Writes every visible namespace into {@code directory} (created if missing); returns the files written.
     *
     * @param directory the folder to write into
     * @return the files written, one per namespace
     * @throws java.io.UncheckedIOException if the folder or a file cannot be written
     */
    public List<Path> exportTo(Path directory) {
        try {
            Files.createDirectories(directory);
            List<Path> written = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (MetadefNamespace ns : allNamespaces()) {
                String base = fileName(ns.namespace());
                String name = base;
                for (int i = 2; !names.add(name.toLowerCase(Locale.ROOT)); i++) {
                    name = base + "-" + i;
                }
                Path target = directory.resolve(name + ".json");
                Path tmp = directory.resolve("." + name + ".json.tmp");
                Files.writeString(tmp, json.toGlanceJson(ns), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(target);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export metadefs to " + directory, e);
        }
    }

    private List<MetadefNamespace> allNamespaces() {
        List<MetadefNamespace> all = new ArrayList<>();
        String marker = null;
        while (true) {
            Page<MetadefNamespace> page = service.listNamespaces(NamespaceQuery.builder()
                    .sortKey(NamespaceQuery.SortKey.NAMESPACE).ascending(true).limit(NamespaceQuery.MAX_LIMIT)
                    .marker(marker).build());
            all.addAll(page.items());
            if (page.nextMarker().isEmpty()) {
                return all;
            }
            marker = page.nextMarker().get();
        }
    }

    /** The file name (without {@code .json}) for a namespace. */
    static String fileName(String namespace) {
        return namespace.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
