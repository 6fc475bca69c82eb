package dev.imagecatalog.store.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A file channel of a {@link PowerCutFileSystem}: reads and writes go to the real file; {@link #force} forces it and
 * tells the {@link DiskModel} that the file's bytes (or, for a directory opened for reading, its entries) are now
 * durable. After the power cut every call fails, as the process that held the channel would be gone.
 */
final class PowerCutChannel extends FileChannel {
    private final PowerCutFileSystem fs;
    private final FileChannel delegate;
    private final Path real;
    private final Object key;

    PowerCutChannel(PowerCutFileSystem fs, FileChannel delegate, Path real, Object key) {
        this.fs = fs;
        this.delegate = delegate;
        this.real = real;
        this.key = key;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        fs.checkPowered();
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        fs.checkPowered();
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        fs.checkPowered();
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        fs.checkPowered();
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        fs.checkPowered();
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        fs.checkPowered();
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        fs.checkPowered();
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        fs.checkPowered();
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        fs.checkPowered();
        Runnable durable = fs.model().forcing(real, key);
        delegate.force(metaData);
        durable.run();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        fs.checkPowered();
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        fs.checkPowered();
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        fs.checkPowered();
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        fs.checkPowered();
        return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("memory-mapped files are not modelled by the power-cut file system");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("locks are not modelled by the power-cut file system");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("locks are not modelled by the power-cut file system");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
