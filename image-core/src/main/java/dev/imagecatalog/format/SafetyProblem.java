package dev.imagecatalog.format;

import java.util.Objects;

/**
 * One reason an image is refused: the format whose check failed, the check's name (Glance's safety-check names,
 * such as {@code backing_file}, {@code data_file}, {@code unknown_features}, {@code descriptor}, {@code footer},
 * {@code mbr}, {@code version}, {@code banned}, and {@link #INCOMPLETE} and {@link #MULTIPLE_FORMATS}), and a
 * message for people.
 *
 * @param format  the format the check belongs to ({@code qcow2}, {@code vmdk}...)
 * @param check   the check's name
 * @param message what is wrong, for people
 */
public record SafetyProblem(String format, String check, String message) {
    /** The check of a file that starts as a format but ends before the structures the checks read. */
    public static final String INCOMPLETE = "incomplete";
    /** The check of a file that matches more than one format (other than an iso with a gpt in front). */
    public static final String MULTIPLE_FORMATS = "multiple_formats";
    /** The check of a parser that failed on the bytes (the image is refused, as Glance refuses it). */
    public static final String INSPECTION_FAILED = "inspection_failed";

    /**
     * A problem.
     *
     * @param format  the format the check belongs to
     * @param check   the check's name
     * @param message what is wrong
     */
    public SafetyProblem {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
    }

    /** {@code format check: message}, one line. */
    @Override
    public String toString() {
        return format + " " + check + ": " + message;
    }
}
