package dev.imagecatalog.importplugins;

import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.StagedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Glance's {@code image_decompression}: staged data that starts with the magic number of gzip, zip, bzip2 or xz is
 * replaced by its decompressed content, streamed through a fixed buffer into a new staging file and bounded by
 * {@code max-size} (a decompression bomb stops at the bound). A zip archive must hold exactly one file. Images whose
 * {@code container_format} is {@code compressed} are left alone.
 */
final class Decompression implements ImportPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(Decompression.class);
    private static final int BUFFER = 64 * 1024;
    /** The most memory an xz stream may ask of its decoder (xz -9 needs 65 MiB): a bigger dictionary is refused. */
    static final int XZ_MEMORY_LIMIT_KIB = 80 * 1024;

    private final long maxSize;
    private final String maxSizeKey;

    /**
     * @param maxSize    the largest decompressed size accepted, in bytes
     * @param maxSizeKey the setting it comes from, for messages
     */
    Decompression(long maxSize, String maxSizeKey) {
        this.maxSize = maxSize;
        this.maxSizeKey = maxSizeKey;
    }

    @Override
    public void apply(StagedImage image) throws IOException {
        if ("compressed".equals(image.image().containerFormat())) {
            return;
        }
        Path data = image.data();
        Optional<Compression> found = Compression.of(data);
        if (found.isEmpty()) {
            return;
        }
        Compression c = found.get();
        image.progress("decompressing " + c.label());
        Path out = image.newDataFile();
        boolean done = false;
        try {
            long size = decompress(c, data, out);
            image.replaceData(out);
            done = true;
            LOG.info("import of image {}: decompressed {} data into {} bytes", image.image().id(), c.label(), size);
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
    }

    private long decompress(Compression c, Path data, Path out) throws IOException {
        if (c == Compression.ZIP) {
            return unzip(data, out);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(data, LinkOption.NOFOLLOW_LINKS), BUFFER);
             InputStream in = decoder(c, raw);
             OutputStream o = Files.newOutputStream(out)) {
            return copy(c, in, o);
        }
    }

    private static InputStream decoder(Compression c, InputStream raw) throws IOException {
        try {
            return switch (c) {
                case GZIP -> new GZIPInputStream(raw, BUFFER);
                case BZIP2 -> new BZip2CompressorInputStream(raw, true);
                case XZ -> new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB);
                case ZIP -> throw new IllegalArgumentException("zip is read with ZipFile");
            };
        } catch (IOException | RuntimeException e) {
            throw corrupt(c, e);
        }
    }

    /** A zip archive: its central directory must list exactly one entry, a file. */
    private long unzip(Path data, Path out) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(data.toFile());
        } catch (IOException e) {
            throw corrupt(Compression.ZIP, e);
        }
        try (zip) {
            if (zip.size() != 1) {
                throw new UnsupportedMediaException("the zip archive holds " + zip.size()
                        + " entries; an image in a zip archive must be its only file");
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            ZipEntry entry = entries.nextElement();
            if (entry.isDirectory()) {
                throw new UnsupportedMediaException("the zip archive holds only the folder '" + entry.getName()
                        + "'; an image in a zip archive must be its only file");
            }
            try (InputStream in = open(zip, entry); OutputStream o = Files.newOutputStream(out)) {
                return copy(Compression.ZIP, in, o);
            }
        }
    }

    private static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        try {
            return zip.getInputStream(entry);
        } catch (IOException | RuntimeException e) {
            throw corrupt(Compression.ZIP, e);
        }
    }

    /** Copies up to {@link #maxSize} bytes; a read error is the data's fault (415), a write error is not. */
    private long copy(Compression c, InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("decompression interrupted");
            }
            int n;
            try {
                n = in.read(buf);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw corrupt(c, e);
            }
            if (n < 0) {
                return total;
            }
            total += n;
            if (total > maxSize) {
                throw new TooLargeException("the decompressed image is larger than " + maxSize + " bytes (the bound "
                        + "set by '" + maxSizeKey + "')");
            }
            out.write(buf, 0, n);
        }
    }

    private static UnsupportedMediaException corrupt(Compression c, Exception e) {
        return new UnsupportedMediaException("the staged data starts like " + c.label() + " but cannot be "
                + "decompressed: " + e.getMessage(), e);
    }
}
