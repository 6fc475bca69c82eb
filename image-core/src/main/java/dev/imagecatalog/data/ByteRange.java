package dev.imagecatalog.data;

import dev.imagecatalog.error.InvalidInputException;

/**
 * One byte range of an image, as an HTTP {@code Range: bytes=...} header gives it: {@code a-b} (inclusive),
 * {@code a-} (to the end) or {@code -n} (the last n bytes). Resolve it against the image size with
 * {@link #resolve(long)}.
 */
public final class ByteRange {
    private final long first;      // -1 for a suffix range
    private final long last;       // inclusive; -1 for open-ended
    private final long suffixLength;

    private ByteRange(long first, long last, long suffixLength) {
        this.first = first;
        this.last = last;
        this.suffixLength = suffixLength;
    }

    /**
     * Bytes {@code first} to {@code lastInclusive}.
     *
     * @param first         the first byte, 0 or more
     * @param lastInclusive the last byte, not before {@code first}
     * @return the range
     * @throws InvalidInputException if {@code first} is negative or {@code lastInclusive} before it
     */
    public static ByteRange of(long first, long lastInclusive) {
        if (first < 0 || lastInclusive < first) {
            throw new InvalidInputException("invalid byte range " + first + "-" + lastInclusive);
        }
        return new ByteRange(first, lastInclusive, -1);
    }

    /**
     * Bytes from {@code first} to the end.
     *
     * @param first the first byte, 0 or more
     * @return the range
     * @throws InvalidInputException if {@code first} is negative
     */
    public static ByteRange from(long first) {
        if (first < 0) {
            throw new InvalidInputException("invalid byte range " + first + "-");
        }
        return new ByteRange(first, -1, -1);
    }

    /**
     * The last {@code length} bytes.
     *
     * @param length how many bytes, 1 or more
     * @return the range
     * @throws InvalidInputException if {@code length} is not positive
     */
    public static ByteRange suffix(long length) {
        if (length <= 0) {
            throw new InvalidInputException("invalid byte range -" + length);
        }
        return new ByteRange(-1, -1, length);
    }

    /**
     * Parses an HTTP range header value: {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}. Several ranges
     * (a comma) or a malformed value are invalid input, as in Glance.
     *
     * @param header the header's value
     * @return the range
     * @throws InvalidInputException if the value is not one range of bytes
     */
    public static ByteRange parse(String header) {
        if (header == null || !header.startsWith("bytes=")) {
            throw new InvalidInputException("invalid range '" + header + "': expected bytes=first-last");
        }
        String spec = header.substring(6).trim();
        if (spec.contains(",")) {
            throw new InvalidInputException("multiple ranges are not supported: '" + header + "'");
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new InvalidInputException("invalid range '" + header + "'");
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                return suffix(Long.parseLong(b));
            }
            return b.isEmpty() ? from(Long.parseLong(a)) : of(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid range '" + header + "'", e);
        }
    }

    /**
     * The offset and length of this range in an image of {@code size} bytes. A range that starts at or past the
     * end (Glance's 416) is invalid input. A last byte past the end is clipped to the end.
     *
     * @param size the image's size in bytes
     * @return the offset, length and size
     * @throws InvalidInputException if the range starts at or past the end
     */
    public Resolved resolve(long size) {
        long start;
        long end;
        if (first < 0) {
            start = Math.max(0, size - suffixLength);
            end = size - 1;
        } else {
            start = first;
            end = last < 0 ? size - 1 : Math.min(last, size - 1);
        }
        if (start >= size || end < start) {
            throw new InvalidInputException("range " + this + " not satisfiable for an image of " + size + " bytes");
        }
        return new Resolved(start, end - start + 1, size);
    }

    @Override
    public String toString() {
        if (first < 0) {
            return "bytes=-" + suffixLength;
        }
        return "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteRange r && r.first == first && r.last == last && r.suffixLength == suffixLength;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(first * 31 + last * 17 + suffixLength);
    }

    /**
     * A range resolved against an image size.
     *
     * @param offset    the first byte
     * @param length    how many bytes
     * @param totalSize the image's size
     */
    public record Resolved(long offset, long length, long totalSize) {
        /** {@return the HTTP {@code Content-Range} value: {@code bytes first-last/size}} */
        public String contentRange() {
            return "bytes " + offset + "-" + (offset + length - 1) + "/" + totalSize;
        }
    }
}
