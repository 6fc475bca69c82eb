package dev.imagecatalog.importplugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The compressions the decompression plug-in undoes, each known by its magic number at the start of the data. */
enum Compression {
    /** gzip (RFC 1952, deflate): {@code 1f 8b 08}. */
    GZIP("gzip", new byte[] {0x1f, (byte) 0x8b, 0x08}),
    /** A zip archive: its first local file header {@code PK\3\4}, or {@code PK\5\6} (an empty archive's end). */
    ZIP("zip", new byte[] {'P', 'K', 3, 4}),
    /** bzip2: {@code BZh}, then the block size digit 1 to 9 (checked apart). */
    BZIP2("bzip2", new byte[] {'B', 'Z', 'h'}),
    /** xz: {@code fd 37 7a 58 5a 00}. */
    XZ("xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0});

    private static final int HEAD = 6;

    private final String label;
    private final byte[] magic;

    Compression(String label, byte[] magic) {
        this.label = label;
        this.magic = magic;
    }

    /** {@return the compression's name, as messages show it} */
    String label() {
        return label;
    }

    /**
     * The compression of the regular file {@code file}, by its first bytes.
     *
     * @return the compression, or empty when the data starts with none of the magic numbers
     * @throws IOException if the file cannot be read
     */
    static Optional<Compression> of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(HEAD);
        }
        for (Compression c : values()) {
            if (c.matches(head)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};

    private boolean matches(byte[] head) {
        if (this == ZIP && startsWith(head, EMPTY_ZIP)) {
            return true;
        }
        if (!startsWith(head, magic)) {
            return false;
        }
        return this != BZIP2 || head.length > 3 && head[3] >= '1' && head[3] <= '9';
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }
}
