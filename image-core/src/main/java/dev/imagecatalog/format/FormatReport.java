package dev.imagecatalog.format;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What an inspection found: the format (Glance's {@code disk_format} names: {@code raw}, {@code qcow2},
 * {@code qed}, {@code vhd}, {@code vhdx}, {@code vmdk}, {@code vdi}, {@code iso}, {@code gpt}, {@code luks}), the
 * virtual size, the bytes read, every format the data matched, and the safety problems. Immutable.
 */
public final class FormatReport {
    private final String format;
    private final long virtualSize;
    private final long bytesRead;
    private final List<String> matchedFormats;
    private final List<SafetyProblem> problems;

    FormatReport(String format, long virtualSize, long bytesRead, List<String> matchedFormats,
                 List<SafetyProblem> problems) {
        this.format = Objects.requireNonNull(format, "format");
        this.virtualSize = virtualSize;
        this.bytesRead = bytesRead;
        this.matchedFormats = List.copyOf(matchedFormats);
        this.problems = List.copyOf(problems);
    }

    /**
     * The detected format: {@code raw} when no other matched; the matched names joined with {@code +} (e.g.
     * {@code iso+vmdk}) when several did, which is always a problem.
     *
     * @return the format's name
     */
    public String format() {
        return format;
    }

    /**
     * The size of the disk the image holds, in bytes, as its format's header says (the bytes themselves for raw
     * and gpt; the bytes after the header for luks); empty when the headers do not say.
     *
     * @return the virtual size, or empty
     */
    public OptionalLong virtualSize() {
        return virtualSize < 0 ? OptionalLong.empty() : OptionalLong.of(virtualSize);
    }

    /**
     * The bytes inspected: the whole image.
     *
     * @return the image's size in bytes
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Every format whose signature the data carries (only {@code raw} when none); more than one, other than an iso
     * with a gpt in front, is a {@link SafetyProblem#MULTIPLE_FORMATS} problem.
     *
     * @return the matched formats
     */
    public List<String> matchedFormats() {
        return matchedFormats;
    }

    /**
     * The safety problems found; empty when the image is safe.
     *
     * @return the problems, in the order found
     */
    public List<SafetyProblem> problems() {
        return problems;
    }

    /**
     * Whether no problem was found.
     *
     * @return {@code problems().isEmpty()}
     */
    public boolean isSafe() {
        return problems.isEmpty();
    }

    /** The problems on one line ({@code -} when safe). */
    @Override
    public String toString() {
        return format + " " + (virtualSize < 0 ? "?" : virtualSize) + " "
                + (problems.isEmpty() ? "-" : problems.toString());
    }
}
