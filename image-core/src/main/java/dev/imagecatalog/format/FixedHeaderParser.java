package dev.imagecatalog.format;

/**
 * A format known by one header of fixed length at offset 0: the parser asks for that region only, then recognises
 * the format by its magic and reads the complete header. A header the stream ends inside is refused as
 * {@link SafetyProblem#INCOMPLETE} unless the format says otherwise.
 */
abstract class FixedHeaderParser extends FormatParser {
    private final String name;
    private final int length;
    private Region header;

    FixedHeaderParser(String name, int length) {
        this.name = name;
        this.length = length;
    }

    @Override
    final String name() {
        return name;
    }

    @Override
    final void start() {
        header = want(0, length);
    }

    @Override
    final void completed(Region region) {
        stop();
    }

    @Override
    final Verdict finish(long total, Tail tail) {
        byte[] h = header.data();
        if (!matches(h, header.filled())) {
            return Verdict.NO_MATCH;
        }
        return header.complete() ? read(h, total) : incomplete(h, total);
    }

    /** Whether the {@code filled} first bytes of the header {@code h} carry this format's magic. */
    abstract boolean matches(byte[] h, int filled);

    /** The verdict on the complete header {@code h} of a stream of {@code total} bytes. */
    abstract Verdict read(byte[] h, long total);

    /** The verdict when the stream ends inside the header: refused as truncated. */
    Verdict incomplete(byte[] h, long total) {
        return truncated("header", total);
    }
}
