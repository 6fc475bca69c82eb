package dev.imagecatalog.examples;

import dev.imagecatalog.format.FormatInspector;
import dev.imagecatalog.format.FormatReport;
import dev.imagecatalog.format.SafetyProblem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The program behind {@code scripts/inspect FILE...}: one tab-separated line per file, {@code FILE FORMAT
 * VIRTUAL_SIZE_BYTES ok|refuse REASON} ({@code -} for an unknown size and for no reason), as the catalog's upload
 * would judge the file (its own format claimed). It only reads each file, never anything a file names. A file
 * that cannot be read is reported on stderr, and the program ends with an {@link IOException} (exit status 1)
 * after the other files.
 */
public final class InspectImages {
    private InspectImages() {
    }

    /**
     * Inspects every file named.
     *
     * @param args the files
     * @throws IOException when a file could not be read (after every other file was reported)
     */
    public static void main(String[] args) throws IOException {
        int unreadable = run(List.of(args), System.out, System.err);
        if (unreadable > 0) {
            throw new IOException(unreadable + " of " + args.length + " files could not be read");
        }
    }

    /** Writes one line per file to {@code out}; returns how many files could not be read (told on {@code err}). */
    static int run(List<String> files, PrintStream out, PrintStream err) {
        int unreadable = 0;
        for (String f : files) {
            FormatReport r;
            try {
                r = FormatInspector.inspect(Path.of(f));
            } catch (IOException | RuntimeException e) {
                err.println("inspect: cannot read " + f + ": " + e.getMessage());
                unreadable++;
                continue;
            }
            String size = r.virtualSize().isPresent() ? Long.toString(r.virtualSize().getAsLong()) : "-";
            String reason = r.problems().stream().map(SafetyProblem::toString)
                    .map(s -> s.replace('\t', ' ').replace('\n', ' ')).collect(Collectors.joining("; "));
            out.println(String.join("\t", f, r.format(), size, r.isSafe() ? "ok" : "refuse",
                    r.isSafe() ? "-" : reason));
        }
        out.flush();
        return unreadable;
    }
}
