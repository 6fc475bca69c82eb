package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a filesystem store of one catalog keeps what it writes, and what of a data directory is that catalog's.
 *
 * <pre>
 * &lt;datadir&gt;/&lt;catalog id&gt;/&lt;first two&gt;/&lt;id&gt;                committed image bytes; key &lt;catalog id&gt;/&lt;first two&gt;/&lt;id&gt;
 * &lt;datadir&gt;/.incoming/&lt;catalog id&gt;/&lt;id&gt;.&lt;random&gt;.part  writes in progress; key .incoming/&lt;catalog id&gt;/&lt;name&gt;
 * &lt;datadir&gt;/&lt;first two&gt;/&lt;id&gt;                             committed bytes of the layout without catalog id (read and
 *                                                       deleted through their locations, never listed)
 * </pre>
 *
 * Only names of exactly these shapes are this catalog's; anything else in the data directory (other catalogs'
 * folders, a person's files) is neither listed nor removable through {@link #ownedPath}.
 */
final class FilesystemLayout {
    static final String INCOMING = ".incoming";
    static final String PART_SUFFIX = ".part";

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern IMAGE_ID = Pattern.compile(UUID);
    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern PART = Pattern.compile("(" + UUID + ")\\.[0-9a-f]{1,16}" + Pattern.quote(PART_SUFFIX));
    /** A committed object's key: {@code [<catalog id>/]<first two>/<id>}. */
    private static final Pattern OBJECT_KEY = Pattern.compile("(?:([a-z0-9][a-z0-9-]{0,62})/)?([0-9a-f]{2})/(" + UUID + ")");

    private final Path datadir;
    private final String catalogId;
    private final Path catalogDir;
    private final Path incoming;

    FilesystemLayout(Path datadir, String catalogId) {
        if (!StoreContext.validCatalogId(catalogId)) {
            throw new IllegalArgumentException("invalid catalog id '" + catalogId + "'");
        }
        this.datadir = datadir.toAbsolutePath().normalize();
        this.catalogId = catalogId;
        this.catalogDir = this.datadir.resolve(catalogId);
        this.incoming = this.datadir.resolve(INCOMING).resolve(catalogId);
    }

    Path datadir() {
        return datadir;
    }

    /** The folder of this catalog's temporary files. */
    Path incoming() {
        return incoming;
    }

    static String validImageId(String imageId) {
        if (imageId == null || !IMAGE_ID.matcher(imageId).matches()) {
            throw new InvalidInputException("image id '" + imageId + "' is not a lower-case UUID");
        }
        return imageId;
    }

    /** The location key of this catalog's committed object of {@code imageId}. */
    String keyOf(String imageId) {
        return catalogId + "/" + imageId.substring(0, 2) + "/" + imageId;
    }

    /** The folder holding this catalog's committed object of {@code imageId}. */
    Path shardOf(String imageId) {
        return catalogDir.resolve(imageId.substring(0, 2));
    }

    /** A fresh temporary file name for a write of {@code imageId}. */
    Path newPartFile(String imageId) {
        return incoming.resolve(imageId + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + PART_SUFFIX);
    }

    /**
     * The file of a committed object's key, of this layout ({@code <catalog id>/<2>/<id>}, any catalog id) or of
     * the layout without catalog id ({@code <2>/<id>}); anything else is invalid input, never a path.
     */
    Path pathOf(String key) {
        Matcher m = OBJECT_KEY.matcher(key);
        if (!m.matches() || !m.group(3).startsWith(m.group(2))) {
            throw new InvalidInputException("location key '" + key
                    + "' is not [<catalog id>/]<first two chars of the id>/<lower-case uuid>");
        }
        Path base = m.group(1) == null ? datadir : datadir.resolve(m.group(1));
        return base.resolve(m.group(2)).resolve(m.group(3));
    }

    /**
     * The file a {@link StoredObject} of this catalog names: a committed object under {@code <catalog id>/} or a
     * temporary file under {@code .incoming/<catalog id>/}.
     *
     * @throws IllegalArgumentException for anything else (another catalog's, the layout without catalog id, a
     *                                  name of another shape)
     */
    Path ownedPath(StoredObject object) {
        String key = object.location().key();
        if (object.committed()) {
            Matcher m = OBJECT_KEY.matcher(key);
            if (m.matches() && catalogId.equals(m.group(1)) && m.group(3).startsWith(m.group(2))) {
                return pathOf(key);
            }
        } else {
            String prefix = INCOMING + "/" + catalogId + "/";
            if (key.startsWith(prefix) && PART.matcher(key.substring(prefix.length())).matches()) {
                return incoming.resolve(key.substring(prefix.length()));
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not " + (object.committed() ? "a committed object"
                : "a temporary file") + " of catalog " + catalogId);
    }

    /** Visits this catalog's committed objects and temporary files, nothing else. */
    void forEachOwned(String storeId, Consumer<StoredObject> visitor) throws IOException {
        if (Files.isDirectory(catalogDir)) {
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(catalogDir,
                    p -> SHARD.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))) {
                for (Path shard : shards) {
                    forEachObject(storeId, shard, visitor);
                }
            }
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming)) {
            for (Path p : parts) {
                Matcher m = PART.matcher(p.getFileName().toString());
                BasicFileAttributes a = attributes(p);
                if (m.matches() && a != null && a.isRegularFile()) {
                    visitor.accept(new StoredObject(m.group(1), false, new StoreLocation(FilesystemImageStore.SCHEME,
                            storeId, INCOMING + "/" + catalogId + "/" + p.getFileName()),
                            a.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            // no write ever started here
        }
    }

    private void forEachObject(String storeId, Path shard, Consumer<StoredObject> visitor) throws IOException {
        String prefix = shard.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                BasicFileAttributes a = attributes(f);
                if (IMAGE_ID.matcher(name).matches() && name.startsWith(prefix) && a != null && a.isRegularFile()) {
                    visitor.accept(new StoredObject(name, true, new StoreLocation(FilesystemImageStore.SCHEME, storeId,
                            catalogId + "/" + prefix + "/" + name), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            // shard removed meanwhile
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // committed, aborted or removed meanwhile
        }
    }
}
