package dev.imagecatalog.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The three ways an HTTP/1.1 response body ends: after {@code Content-Length} bytes, after the last chunk, or when
 * the server closes the connection. A body that ends early is an {@link EOFException}, never a short read taken for
 * the end.
 */
final class ResponseBodies {
    static final int MAX_LINE = 8192;

    private ResponseBodies() {
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1, without its terminator; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a header line");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("header line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Exactly {@code length} bytes of {@code in}; at the end, bytes already arrived beyond them (a server sending
     * more than it announced) are an {@link IOException}.
     */
    static InputStream fixed(InputStream in, long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    if (in.available() > 0) {
                        throw new IOException("more bytes than the Content-Length of " + length + " arrived");
                    }
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("connection closed after " + (length - left) + " of " + length
                            + " bytes");
                }
                left -= n;
                return n;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(in.available(), left);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** A chunked body; trailers are read and dropped. */
    static InputStream chunked(InputStream in) {
        return new InputStream() {
            private long left;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (left == 0 && !nextChunk()) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                left -= n;
                if (left == 0) {
                    crlf();
                }
                return n;
            }

            private boolean nextChunk() throws IOException {
                if (done) {
                    return false;
                }
                String line = readLine(in);
                if (line == null) {
                    throw new EOFException("connection closed before the last chunk");
                }
                int ext = line.indexOf(';');
                String hex = (ext < 0 ? line : line.substring(0, ext)).trim();
                if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                    throw new IOException("bad chunk size line: " + line);
                }
                left = Long.parseLong(hex, 16);
                if (left == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                    } while (trailer != null && !trailer.isEmpty());
                    done = true;
                    return false;
                }
                return true;
            }

            private void crlf() throws IOException {
                String rest = readLine(in);
                if (rest == null || !rest.isEmpty()) {
                    throw new IOException("a chunk not followed by CRLF");
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
