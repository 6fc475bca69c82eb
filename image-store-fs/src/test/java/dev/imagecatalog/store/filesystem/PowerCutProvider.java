package dev.imagecatalog.store.filesystem;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The provider of one {@link PowerCutFileSystem}: every operation is done on the default file system, and what
 * changes durability (a force, a delete, a rename over an existing name) is reported to the {@link DiskModel}.
 * After the power cut every operation fails.
 */
final class PowerCutProvider extends FileSystemProvider {
    static final String SCHEME = "powercut";

    private final PowerCutFileSystem fs;

    PowerCutProvider(PowerCutFileSystem fs) {
        this.fs = fs;
    }

    private Path real(Path p) {
        return PowerCutPath.unwrap(fs, p);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("use PowerCutFileSystem.mount");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("use PowerCutFileSystem.mount");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("use PowerCutFileSystem.getPath");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        fs.checkPowered();
        Path real = real(path);
        FileChannel ch = FileChannel.open(real, options, attrs);
        try {
            return new PowerCutChannel(fs, ch, real, DiskModel.keyOf(real));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        fs.checkPowered();
        DirectoryStream<Path> stream = Files.newDirectoryStream(real(dir), p -> filter.accept(fs.wrap(p)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = stream.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.wrap(it.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        fs.checkPowered();
        Files.createDirectory(real(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        fs.checkPowered();
        Path real = real(path);
        Object key = DiskModel.keyOf(real);
        Files.delete(real);
        fs.model().unlinked(key);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        fs.checkPowered();
        Object replaced = keyIfExists(real(target));
        Files.copy(real(source), real(target), options);
        if (replaced != null) {
            fs.model().unlinked(replaced);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        fs.checkPowered();
        Object moved = DiskModel.keyOf(real(source));
        Object replaced = keyIfExists(real(target));
        Files.move(real(source), real(target), options);
        if (replaced != null && !replaced.equals(moved)) {
            fs.model().unlinked(replaced);
        }
    }

    private static Object keyIfExists(Path real) throws IOException {
        return Files.exists(real, LinkOption.NOFOLLOW_LINKS) ? DiskModel.keyOf(real) : null;
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        fs.checkPowered();
        return Files.isSameFile(real(path), real(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        fs.checkPowered();
        return Files.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        fs.checkPowered();
        return Files.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        fs.checkPowered();
        Path real = real(path);
        real.getFileSystem().provider().checkAccess(real, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return Files.getFileAttributeView(real(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        fs.checkPowered();
        return Files.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        fs.checkPowered();
        return Files.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        fs.checkPowered();
        Files.setAttribute(real(path), attribute, value, options);
    }
}
