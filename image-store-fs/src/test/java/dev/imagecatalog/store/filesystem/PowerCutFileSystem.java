package dev.imagecatalog.store.filesystem;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * A fault-injecting file system for crash tests: a {@link java.nio.file.FileSystem} whose paths have the names of
 * the default file system's and whose operations go to it, while a {@link DiskModel} follows what a power cut would
 * keep under one folder (the mount point). {@link #cutPower()} replaces that folder's contents by what was durable
 * (each file's bytes as of its last force, each directory's entries as of its last force), makes this file system
 * unusable (every call on it or its channels fails, like the dead process's), and mounts the folder again.
 *
 * <p>Code under test must reach files through the {@link Path} API ({@code FileChannel.open}, {@code Files.*}); a
 * {@code Path.toFile()} throws here, so nothing bypasses the model unnoticed.
 */
final class PowerCutFileSystem extends FileSystem {
    private final FileSystem real = FileSystems.getDefault();
    private final Path realRoot;
    private final PowerCutProvider provider = new PowerCutProvider(this);
    private final DiskModel model;
    private volatile boolean powered = true;

    private PowerCutFileSystem(Path realRoot) throws IOException {
        this.realRoot = realRoot.toAbsolutePath().normalize();
        this.model = new DiskModel(this.realRoot);
    }

    /** Mounts the existing folder {@code realRoot} (of the default file system); all it holds now is durable. */
    static PowerCutFileSystem mount(Path realRoot) throws IOException {
        return new PowerCutFileSystem(realRoot);
    }

    /** The mount point, as a path of this file system. */
    Path root() {
        return wrap(realRoot);
    }

    /** Files and directories forced so far (relative to the mount point; directories end with '/'). */
    List<String> forces() {
        return model.forces();
    }

    /**
     * Cuts the power: from now on this file system refuses every call, the mount point holds only what was durable,
     * and the returned file system (mounted on it again) is the machine after the reboot.
     */
    PowerCutFileSystem cutPower() throws IOException {
        synchronized (model) {
            powered = false;
            model.cut();
        }
        return mount(realRoot);
    }

    DiskModel model() {
        return model;
    }

    void checkPowered() throws IOException {
        if (!powered) {
            throw new IOException("the power was cut: " + this + " is gone");
        }
    }

    PowerCutPath wrap(Path realPath) {
        return realPath == null ? null : new PowerCutPath(this, realPath);
    }

    @Override
    public PowerCutProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        powered = false;
    }

    @Override
    public boolean isOpen() {
        return powered;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> java.util.stream.StreamSupport.stream(real.getRootDirectories().spliterator(), false)
                .map(p -> (Path) wrap(p)).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = real.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(PowerCutPath.unwrap(this, p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("no watch service on a power-cut file system");
    }

    @Override
    public String toString() {
        return "PowerCutFileSystem{" + realRoot + (powered ? "" : ", power cut") + "}";
    }
}
