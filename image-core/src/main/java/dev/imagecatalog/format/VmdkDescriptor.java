package dev.imagecatalog.format;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The text descriptor of a vmdk, checked as Glance checks it: case-insensitive ASCII up to the first NUL; its
 * {@code createType} must be {@code monolithicSparse} or {@code streamOptimized}; every line must be blank, a
 * comment, a {@code ddb} line, a {@code key=value} line (no space in the key) or an extent line ({@code RW},
 * {@code RDONLY}, {@code NOACCESS}); no extent line may contain {@code /}; at least one extent.
 */
final class VmdkDescriptor {
    static final Set<String> ALLOWED_TYPES = Set.of("monolithicsparse", "streamoptimized");
    private static final Set<String> ACCESS = Set.of("rw", "rdonly", "noaccess");
    private static final String CREATE_TYPE = "createtype=\"";

    private VmdkDescriptor() {
    }

    /** The failure of the {@code descriptor} check, or null when the descriptor passes. */
    static String check(byte[] data, int length) {
        int end = 0;
        while (end < length && data[end] != 0) {
            end++;
        }
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data, 0, end)).toString().toLowerCase(Locale.ROOT);
        } catch (CharacterCodingException e) {
            return "the descriptor is not ASCII text";
        }
        if (text.isEmpty()) {
            return "no descriptor found";
        }
        String type = createType(text);
        if (type == null) {
            return "the descriptor has no createType";
        }
        if (!ALLOWED_TYPES.contains(type)) {
            return "unsupported vmdk createType \"" + type + "\" (only monolithicSparse and streamOptimized)";
        }
        int extents = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("ddb")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq >= 0 && line.substring(0, eq).indexOf(' ') < 0) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (ACCESS.contains(sp < 0 ? line : line.substring(0, sp))) {
                if (line.indexOf('/') >= 0) {
                    return "an extent names a path: " + shorten(line);
                }
                extents++;
                continue;
            }
            return "invalid descriptor line: " + shorten(line);
        }
        return extents == 0 ? "the descriptor names no extents" : null;
    }

    /** The createType value (lower case), or null when absent or longer than 64 characters. */
    static String createType(String lowerText) {
        int at = lowerText.indexOf(CREATE_TYPE);
        if (at < 0) {
            return null;
        }
        int from = at + CREATE_TYPE.length();
        int to = lowerText.indexOf('"', from);
        return to < 0 || to - from >= 64 ? null : lowerText.substring(from, to);
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
