package dev.imagecatalog.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds what a disk image is and whether it is safe to hand to a hypervisor, in one streaming pass with bounded
 * memory, as OpenStack Glance's format inspector does: the format, its virtual size, and the safety problems
 * (a qcow2 backing file or external data file, a vmdk extent naming a path, a qed image...). It never opens or
 * follows anything an image names.
 *
 * <pre>{@code
 * FormatReport report = FormatInspector.inspect(Path.of("disk.qcow2"));
 * if (!report.isSafe()) { ... report.problems() ... }
 * }</pre>
 *
 * <p>Usable without a catalog; stateless and thread-safe. For data arriving in buffers, use
 * {@link #newSession()}.
 */
public final class FormatInspector {
    private static final int CHUNK = 64 * 1024;

    private FormatInspector() {
    }

    /**
     * A new inspection fed by the caller, chunk by chunk.
     *
     * @return a session for one image
     */
    public static InspectionSession newSession() {
        return new InspectionSession(new FormatParser[] {new Qcow2Parser(), new QedParser(), new VhdParser(),
            new VhdxParser(), new VmdkParser(), new VdiParser(), new IsoParser(), new GptParser(), new LuksParser()});
    }

    /**
     * Reads {@code in} to its end and inspects it. Does not close it.
     *
     * @param in the image's bytes
     * @return the report
     * @throws IOException when reading fails
     */
    public static FormatReport inspect(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        InspectionSession session = newSession();
        byte[] buf = new byte[CHUNK];
        ByteBuffer view = ByteBuffer.wrap(buf);
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
            session.accept(view.limit(n).position(0));
        }
        return session.finish();
    }

    /**
     * Inspects the regular file at {@code file} (not followed if it is a symbolic link).
     *
     * @param file the image
     * @return the report
     * @throws IOException when the file cannot be read or is not a regular file
     */
    public static FormatReport inspect(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return inspect(in);
        }
    }
}
