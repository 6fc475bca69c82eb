package dev.imagecatalog.store.filesystem;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * A path of a {@link PowerCutFileSystem}: the same names as a path of the default file system, but every
 * operation on it goes through the power-cut file system's provider. {@link #toFile()} throws (as for any path of a
 * file system other than the default one), so code that bypasses the provider fails loudly.
 */
final class PowerCutPath implements Path {
    private final PowerCutFileSystem fs;
    private final Path real;

    PowerCutPath(PowerCutFileSystem fs, Path real) {
        this.fs = fs;
        this.real = real;
    }

    /** The default file system's path with the same name. */
    Path real() {
        return real;
    }

    private PowerCutPath wrap(Path p) {
        return p == null ? null : new PowerCutPath(fs, p);
    }

    /** The default file system's path behind {@code p}, which must belong to the same power-cut file system. */
    static Path unwrap(PowerCutFileSystem fs, Path p) {
        if (p instanceof PowerCutPath pc && pc.fs == fs) {
            return pc.real;
        }
        throw new ProviderMismatchException("not a path of " + fs + ": " + p);
    }

    @Override
    public PowerCutFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof PowerCutPath pc && pc.fs == fs && real.startsWith(pc.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof PowerCutPath pc && pc.fs == fs && real.endsWith(pc.real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(fs, other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(fs, other)));
    }

    @Override
    public URI toUri() {
        return URI.create(PowerCutProvider.SCHEME + ":" + real.toUri().getRawPath());
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        fs.checkPowered();
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("no watch service on a power-cut file system");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(fs, other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerCutPath pc && pc.fs == fs && pc.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode();
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
