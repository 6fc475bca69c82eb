package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemImageStoreTest extends ImageStoreContract {

    @TempDir
    Path dir;

    private Path datadir() {
        return dir.resolve("data");
    }

    private ImageStore open(Map<String, String> extra) {
        return open(catalogId, extra);
    }

    private ImageStore open(String catalog, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("datadir", datadir().toString());
        s.putAll(extra);
        return new FilesystemImageStoreProvider().create(new StoreContext("local", catalog, Settings.of(s)));
    }

    /** The contract runs with a small write-back interval, so background flushes overlap writes, commits and aborts. */
    @Override
    protected ImageStore createStore(String catalog) {
        return open(catalog, Map.of("fsync.interval", "256KiB"));
    }

    /** No temporary file of any catalog is left. */
    @Override
    protected void assertNoLeftovers() throws Exception {
        try (Stream<Path> s = Files.walk(datadir().resolve(FilesystemImageStore.INCOMING))) {
            assertThat(s.filter(Files::isRegularFile).collect(Collectors.toList())).as(".incoming must hold no file")
                    .isEmpty();
        }
    }

    /** This catalog's temporary files. */
    private List<Path> parts() throws IOException {
        try (Stream<Path> s = Files.list(datadir().resolve(FilesystemImageStore.INCOMING).resolve(catalogId))) {
            return s.collect(Collectors.toList());
        }
    }

    private Path shard(String imageId) {
        return datadir().resolve(catalogId).resolve(imageId.substring(0, 2));
    }

    // ---- configuration -------------------------------------------------------------------------------------

    @Test
    void providerIsFoundByServiceLoaderUnderItsType() {
        assertThat(ServiceLoader.load(ImageStoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("filesystem")).count()).isEqualTo(1);
    }

    @Test
    void missingOrBadSettingsNameTheKey() throws Exception {
        Settings none = Settings.of(Map.of("store.local.type", "filesystem")).scoped("store.local.");
        assertThatThrownBy(() -> create(none))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.local.datadir");
        Settings badFsync = Settings.of(Map.of("store.local.datadir", datadir().toString(), "store.local.fsync", "maybe"))
                .scoped("store.local.");
        assertThatThrownBy(() -> create(badFsync))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.local.fsync");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Settings notADir = Settings.of(Map.of("store.local.datadir", file.toString())).scoped("store.local.");
        assertThatThrownBy(() -> create(notADir))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.local.datadir");
    }

    private ImageStore create(Settings settings) {
        return new FilesystemImageStoreProvider().create(new StoreContext("local", catalogId, settings));
    }

    @Test
    void datadirIsCreatedAndLayoutIsByImageId() throws Exception {
        String id = newImageId();
        StoreLocation loc = writeAll(id, randomBytes(1234, 1), true);
        assertThat(loc.key()).isEqualTo(catalogId + "/" + id.substring(0, 2) + "/" + id);
        assertThat(loc.url()).isEqualTo("filesystem://local/" + catalogId + "/" + id.substring(0, 2) + "/" + id);
        Path file = shard(id).resolve(id);
        assertThat(file).isRegularFile().hasSize(1234);
        assertThat(Files.readAllBytes(file)).isEqualTo(randomBytes(1234, 1));
    }

    @Test
    void relativeDatadirResolvesAgainstTheConfigurationsFolder() throws Exception {
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Settings s = Settings.of(Map.of("store.rel.datadir", "./images"), confDir).scoped("store.rel.");
        try (ImageStore rel = new FilesystemImageStoreProvider().create(new StoreContext("rel", catalogId, s))) {
            assertThat(confDir.resolve("images").resolve(FilesystemImageStore.INCOMING).resolve(catalogId)).isDirectory();
            assertThat(((FilesystemImageStore) rel).datadir()).isEqualTo(confDir.resolve("images").toAbsolutePath().normalize());
        }
    }

    // ---- ids and keys are validated: no path traversal -------------------------------------------------------

    @Test
    void idsThatAreNotLowerCaseUuidsAreRefused() throws Exception {
        String[] bad = {"../../etc/passwd", "..", "", "aa/../../x", "/etc/passwd",
            "2B5C1A1E-0000-4000-8000-000000000000", "2b5c1a1e-0000-4000-8000-000000000000/..",
            "2b5c1a1e-0000-4000-8000-00000000000", "2b5c1a1e-0000-4000-8000-000000000000\u0000", " 2b5c1a1e-0000-4000-8000-000000000000"};
        for (String id : bad) {
            assertThatThrownBy(() -> store.openWriter(id, 10)).as(id).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> store.openWriter(null, 10)).isInstanceOf(InvalidInputException.class);
        assertNoLeftovers();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("data");
        }
    }

    @Test
    void locationKeysOutsideTheLayoutAreRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret"), "do not read");
        String id = newImageId();
        String two = id.substring(0, 2);
        String[] keys = {"../secret", "aa/../../secret", id, two + "/../../secret",
            "zz/" + id, (id.charAt(0) == 'a' ? "b" : "a") + id.charAt(1) + "/" + id, two + "/" + id + "/x",
            "../" + two + "/" + id, "../x/" + two + "/" + id, ".incoming/" + two + "/" + id, "Cat/" + two + "/" + id,
            "-x/" + two + "/" + id, catalogId + "/" + two + "/" + id + "/x", catalogId + "/../" + two + "/" + id,
            catalogId + "/" + catalogId + "/" + two + "/" + id};
        for (String key : keys) {
            StoreLocation loc = new StoreLocation("filesystem", "local", key);
            assertThatThrownBy(() -> store.openStream(loc, 0, -1)).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.size(loc)).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.delete(loc)).as(key).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> store.exists(loc)).as(key).isInstanceOf(InvalidInputException.class);
        }
        assertThat(outside).exists().hasContent("do not read");
    }

    @Test
    void locationsOfAnotherStoreAreNotFound() throws Exception {
        StoreLocation loc = writeAll(newImageId(), randomBytes(10, 2), true);
        StoreLocation other = new StoreLocation("filesystem", "other", loc.key());
        assertThat(store.exists(other)).isFalse();
        assertThat(store.delete(other)).isFalse();
        assertThatThrownBy(() -> store.openStream(other, 0, -1)).isInstanceOf(NotFoundException.class);
        assertThat(store.exists(loc)).isTrue();
    }

    // ---- crash between write and rename; nothing is swept by the store itself ------------------------------

    @Test
    void crashBeforeRenameLeavesAPartFileListedAsALeftoverThatOnlyRemoveDeletes() throws Exception {
        byte[] kept = randomBytes(50_000, 3);
        StoreLocation committed = writeAll(newImageId(), kept, true);
        String crashedId = newImageId();
        // a writer that wrote and was never committed, aborted or closed: what a killed process leaves
        ImageWriter crashed = store.openWriter(crashedId, -1);
        writeChunks(crashed, randomBytes(300_000, 4));
        assertThat(parts()).hasSize(1);
        Path part = parts().get(0);
        assertThat(part.getFileName().toString()).startsWith(crashedId + ".").endsWith(".part");
        assertThat(listed()).containsExactly(committed);

        try (ImageStore restarted = open(Map.of())) {
            assertThat(part).as("opening a store removes nothing").exists();
            assertThat(part).exists();
            List<StoredObject> owned = owned(restarted);
            assertThat(owned).extracting(StoredObject::imageId, StoredObject::committed)
                    .containsExactlyInAnyOrder(tuple(imageIdOf(committed), true), tuple(crashedId, false));
            StoredObject leftover = owned.stream().filter(o -> !o.committed()).findFirst().orElseThrow();
            assertThat(leftover.location().key())
                    .isEqualTo(FilesystemImageStore.INCOMING + "/" + catalogId + "/" + part.getFileName());
            assertThat(restarted.remove(leftover)).isTrue();
            assertThat(part).doesNotExist();
            assertThat(restarted.remove(leftover)).isFalse();
            try (InputStream in = restarted.openStream(committed, 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(kept);
            }
        }
        crashed.abort(); // releases the test's file handle; the file is already gone and abort must not mind
        assertNoLeftovers();
    }

    private static String imageIdOf(StoreLocation loc) {
        return loc.key().substring(loc.key().lastIndexOf('/') + 1);
    }

    @Test
    void aSecondStoreOnTheDatadirLeavesAWriteInFlightAlone() throws Exception {
        ImageWriter otherProcess = store.openWriter(newImageId(), -1);
        otherProcess.write(ByteBuffer.wrap(randomBytes(100, 7)));
        Path old = Files.write(parts().get(0).resolveSibling(newImageId() + ".1234.part"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(7200)));
        try (ImageStore second = open(Map.of())) {
            assertThat(parts()).as("nothing removed at start-up, however old").hasSize(2).contains(old);
            assertThat(parts()).hasSize(2);
        }
        StoreLocation loc = otherProcess.commit();
        assertThat(readAll(loc)).isEqualTo(randomBytes(100, 7));
        Files.delete(old);
        assertNoLeftovers();
    }

    @Test
    void objectsOfTheLayoutWithoutCatalogIdAreReadAndDeletedButNeverListedNorRemoved() throws Exception {
        String id = newImageId();
        Path file = Files.createDirectories(datadir().resolve(id.substring(0, 2))).resolve(id);
        Files.write(file, randomBytes(3000, 15));
        StoreLocation loc = new StoreLocation("filesystem", "local", id.substring(0, 2) + "/" + id);
        assertThat(readAll(loc)).isEqualTo(randomBytes(3000, 15));
        assertThat(store.size(loc)).isEqualTo(3000);
        assertThat(owned(store)).extracting(StoredObject::location).doesNotContain(loc);
        assertThat(listed()).doesNotContain(loc);
        assertThatThrownBy(() -> store.remove(new StoredObject(id, true, loc, Instant.now())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(file).exists();
        assertThat(store.delete(loc)).isTrue();
        assertThat(file).doesNotExist();
    }

    @Test
    void foreignFilesAndFoldersInTheDatadirAreNeverListedAndSurviveRemove() throws Exception {
        String id = newImageId();
        String two = id.substring(0, 2);
        Path data = datadir();
        Path incoming = data.resolve(FilesystemImageStore.INCOMING);
        List<Path> foreign = new java.util.ArrayList<>();
        for (String name : new String[] {"README.txt", "backups/db.dump", two + "/" + id, "other-catalog/" + two + "/" + id,
            catalogId + "/notes.txt", catalogId + "/" + two + "/not-an-image", catalogId + "/" + two + "/" + id + ".bak",
            catalogId + "/zz/" + id, catalogId + "/" + (two.equals("00") ? "11" : "00") + "/" + id,
            catalogId + "/" + two + "/" + id.toUpperCase(), ".incoming/" + id + ".1234.part",
            ".incoming/other-catalog/" + id + ".1234.part", ".incoming/" + catalogId + "/notes.txt",
            ".incoming/" + catalogId + "/" + id + ".part", ".incoming/" + catalogId + "/" + id + ".xyz.part"}) {
            Path p = data.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "not the catalog's: " + name);
            foreign.add(p);
        }
        // a folder named like an image, and a link to a file outside
        Path folder = Files.createDirectories(data.resolve(catalogId).resolve(two).resolve(newImageId().replaceFirst("^..", two)));
        Path outside = Files.writeString(dir.resolve("outside"), "outside");
        String linkId = two + newImageId().substring(2);
        Path link = Files.createSymbolicLink(data.resolve(catalogId).resolve(two).resolve(linkId), outside);

        StoreLocation ours = writeAll(two + newImageId().substring(2), randomBytes(10, 16), true);
        assertThat(owned(store)).extracting(StoredObject::location).containsExactly(ours);
        assertThat(listed()).containsExactly(ours);

        Instant now = Instant.now();
        for (Path p : foreign) {
            String key = data.relativize(p).toString();
            for (boolean committed : new boolean[] {true, false}) {
                StoredObject o = new StoredObject(id, committed, new StoreLocation("filesystem", "local", key), now);
                assertThatThrownBy(() -> store.remove(o)).as("remove %s", o).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(p).as(key).exists();
        }
        assertThat(folder).isDirectory();
        assertThat(link).exists();
        assertThat(outside).hasContent("outside");
        assertThat(incoming.resolve(catalogId)).isDirectory();
    }

    // ---- replacing, fsync, commit failures ----------------------------------------------------------------

    @Test
    void secondCommitOfOneIdReplacesAtomicallyWithoutCorruptingAReader() throws Exception {
        String id = newImageId();
        byte[] first = randomBytes(2_000_000, 8);
        byte[] second = randomBytes(1_500_000, 9);
        StoreLocation loc = writeAll(id, first, true);
        try (InputStream reader = store.openStream(loc, 0, -1)) {
            byte[] head = reader.readNBytes(1000);
            StoreLocation loc2 = writeAll(id, second, true);
            assertThat(loc2).isEqualTo(loc);
            byte[] rest = reader.readAllBytes();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            assertThat(sha256(all)).as("the open reader still sees the first object whole").isEqualTo(sha256(first));
        }
        assertThat(sha256(readAll(loc))).isEqualTo(sha256(second));
        assertThat(listed()).containsExactly(loc);
        assertNoLeftovers();
    }

    @Test
    void directoryFsyncWorksOnRealDirectoriesAndFailsForMissingOnes() throws Exception {
        FilesystemImageStore.fsyncDirectory(datadir());
        FilesystemImageStore.fsyncDirectory(datadir().resolve(FilesystemImageStore.INCOMING));
        assertThatThrownBy(() -> FilesystemImageStore.fsyncDirectory(datadir().resolve("missing")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void commitIntoANewShardDirectoryWithAndWithoutFsync() throws Exception {
        for (String fsync : new String[] {"true", "false"}) {
            store.close();
            store = open(Map.of("fsync", fsync));
            String id = newImageId();
            Path shard = shard(id);
            if (Files.isDirectory(shard)) {
                try (Stream<Path> s = Files.list(shard)) {
                    for (Path p : s.collect(Collectors.toList())) {
                        Files.delete(p);
                    }
                }
                Files.delete(shard);
            }
            byte[] data = randomBytes(70_000, 10);
            StoreLocation loc = writeAll(id, data, false);
            assertThat(shard).isDirectory();
            assertThat(readAll(loc)).isEqualTo(data);
            assertThat(store.delete(loc)).isTrue();
            assertThat(shard.resolve(id)).doesNotExist();
        }
        assertNoLeftovers();
    }

    @Test
    void backgroundWriteBackDoesNotChangeWhatIsStored() throws Exception {
        for (String interval : new String[] {"0", "1B", "4KiB", "1MiB"}) {
            store.close();
            store = open(Map.of("fsync.interval", interval));
            byte[] data = randomBytes(3 * 1024 * 1024 + 17, 14);
            StoreLocation loc = writeAll(newImageId(), data, false);
            assertThat(sha256(readAll(loc))).as("fsync.interval=%s", interval).isEqualTo(sha256(data));
            ImageWriter aborted = store.openWriter(newImageId(), -1);
            writeChunks(aborted, data);
            aborted.abort();
            assertNoLeftovers();
        }
        store.close();
        assertThatThrownBy(() -> open(Map.of("fsync.interval", "-1")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("fsync.interval");
        store = open(Map.of());
    }

    @Test
    void failedCommitLeavesNothingBehind() throws Exception {
        String id = newImageId();
        // the shard "directory" is a regular file: the move into place must fail
        Path shard = shard(id);
        if (Files.isDirectory(shard)) {
            // another test in this datadir used the same prefix; pick an id whose shard is free
            id = "f" + id.substring(1);
            shard = shard(id);
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(shard));
        }
        Files.createDirectories(shard.getParent());
        Files.writeString(shard, "in the way");
        ImageWriter w = store.openWriter(id, -1);
        w.write(ByteBuffer.wrap(randomBytes(10_000, 11)));
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
        assertNoLeftovers();
        assertThat(shard).isRegularFile().hasContent("in the way");
        assertThatThrownBy(() -> w.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IOException.class);
        w.close();
    }

    @Test
    void closingTheStoreAbortsOpenWriters() throws Exception {
        ImageWriter w = store.openWriter(newImageId(), -1);
        w.write(ByteBuffer.wrap(randomBytes(10_000, 12)));
        assertThat(parts()).hasSize(1);
        store.close();
        assertNoLeftovers();
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
        store = null;
    }

    @Test
    void rangeStreamSkipsAndReportsAvailable() throws Exception {
        byte[] data = randomBytes(10_000, 13);
        StoreLocation loc = writeAll(newImageId(), data, true);
        try (InputStream in = store.openStream(loc, 100, 1000)) {
            assertThat(in.available()).isEqualTo(1000);
            assertThat(in.read()).isEqualTo(data[100] & 0xff);
            assertThat(in.skip(500)).isEqualTo(500);
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 601, 1100));
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.skip(10)).isZero();
        }
        try (InputStream in = store.openStream(loc, data.length, -1)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> store.openStream(loc, data.length + 1, -1)).isInstanceOf(IllegalArgumentException.class);
        InputStream closed = store.openStream(loc, 0, -1);
        closed.close();
        assertThatThrownBy(closed::read).isInstanceOf(IOException.class);
    }
}
