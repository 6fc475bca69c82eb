package dev.imagecatalog.server.api;

import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.server.http.HttpError;

/**
 * The byte range a download asks for, read as Glance reads it: the {@code Range} header ({@code bytes=a-b},
 * {@code bytes=a-}, {@code bytes=-n}), else, for old clients, a {@code Content-Range} header on the request
 * ({@code bytes a-b/size} or {@code bytes a-b/*}). Several ranges are 400; a header that does not parse, and a
 * range that starts at or past the end of the image, are 416. A {@code Range} whose last byte is past the end is
 * clipped to the end; a request {@code Content-Range} that ends past the end is 416.
 *
 * @param range    the range to ask core for
 * @param lastByte the last byte that must lie inside the image (the request {@code Content-Range} form), or -1
 */
record RangeRequest(ByteRange range, long lastByte) {
    static final int NOT_SATISFIABLE = 416;

    /**
     * Reads the range of a request.
     *
     * @param rangeHeader        the {@code Range} header, or null
     * @param contentRangeHeader the request's {@code Content-Range} header, or null
     * @return the range, or null when the request asks for the whole image
     * @throws HttpError 400 for several ranges, 416 for a header that does not parse
     */
    static RangeRequest of(String rangeHeader, String contentRangeHeader) {
        if (rangeHeader != null) {
            if (rangeHeader.contains(",")) {
                throw HttpError.badRequest("Requests with multiple ranges are not supported. "
                        + "You may make multiple single-range requests instead.");
            }
            try {
                return new RangeRequest(ByteRange.parse(rangeHeader.trim()), -1);
            } catch (InvalidInputException e) {
                throw new HttpError(NOT_SATISFIABLE, "Invalid Range header.");
            }
        }
        if (contentRangeHeader != null) {
            return parseContentRange(contentRangeHeader.trim());
        }
        return null;
    }

    /** {@code bytes a-b/size} or {@code bytes a-b/*}, a and b inclusive. */
    private static RangeRequest parseContentRange(String header) {
        HttpError invalid = new HttpError(NOT_SATISFIABLE, "Invalid Content-Range header.");
        if (!header.startsWith("bytes ")) {
            throw invalid;
        }
        String spec = header.substring(6).trim();
        int slash = spec.indexOf('/');
        int dash = spec.indexOf('-');
        if (slash < 0 || dash <= 0 || dash > slash) {
            throw invalid;
        }
        try {
            long first = Long.parseLong(spec.substring(0, dash).trim());
            long last = Long.parseLong(spec.substring(dash + 1, slash).trim());
            String total = spec.substring(slash + 1).trim();
            if (!total.equals("*") && Long.parseLong(total) <= last) {
                throw invalid;
            }
            return new RangeRequest(ByteRange.of(first, last), last);
        } catch (NumberFormatException | InvalidInputException e) {
            throw invalid;
        }
    }

    /**
     * Whether this range can be served from an image of {@code size} bytes.
     *
     * @param size the image's size
     * @return false when the range starts at or past the end, or its required last byte is past it
     */
    boolean satisfiable(long size) {
        if (lastByte >= size) {
            return false;
        }
        try {
            range.resolve(size);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** {@return the 416 answer for a range the image cannot satisfy} */
    HttpError notSatisfiable(long size) {
        return new HttpError(NOT_SATISFIABLE, "Requested range " + range + " not satisfiable for an image of "
                + size + " bytes.");
    }
}
