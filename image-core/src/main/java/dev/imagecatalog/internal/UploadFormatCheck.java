package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.format.FormatInspector;
import dev.imagecatalog.format.FormatReport;
import dev.imagecatalog.format.InspectionSession;
import dev.imagecatalog.format.SafetyProblem;
import dev.imagecatalog.image.Image;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before an upload commits, on what the format inspection found, as Glance's upload does: an image with
 * {@code container_format = bare} is inspected; any safety problem refuses it (except the gpt checks named in
 * {@code format.gpt-safety-nonfatal}, which only warn), whatever the claimed format; then the claimed
 * {@code disk_format} is compared with the detected one: equal is accepted with the virtual size; a format Glance
 * cannot inspect (ami, ari, aki...) with data of no known format is accepted; a claimed raw with a richer format
 * detected is accepted with a warning and the bytes as virtual size; any other mismatch is refused unless
 * {@code format.require-match = false}. A refusal is an {@link UnsupportedMediaException} (415).
 */
final class UploadFormatCheck {
    private static final Logger LOG = LoggerFactory.getLogger(UploadFormatCheck.class);
    /** The formats Glance's inspector knows (its {@code ALL_FORMATS}). */
    static final Set<String> INSPECTABLE = Set.of("raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi", "qed", "iso", "gpt",
            "luks");

    private final boolean requireMatch;
    private final Set<String> gptNonfatal;

    UploadFormatCheck(boolean requireMatch, Set<String> gptNonfatal) {
        this.requireMatch = requireMatch;
        this.gptNonfatal = Set.copyOf(gptNonfatal);
    }

    /** {@code format.require-match} (default true) and {@code format.gpt-safety-nonfatal} (default none). */
    static UploadFormatCheck from(Settings s) {
        Set<String> nonfatal = s.optional(CoreSettings.FORMAT_GPT_NONFATAL).orElse(List.of()).stream()
                .map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        return new UploadFormatCheck(s.value(CoreSettings.FORMAT_REQUIRE_MATCH), nonfatal);
    }

    /** A fresh inspection for an upload of {@code image}, or null when its data is not inspected (not bare). */
    InspectionSession sessionFor(Image image) {
        return "bare".equals(image.containerFormat()) ? FormatInspector.newSession() : null;
    }

    /**
     * The virtual size to record for {@code image} (null: none), or an {@link UnsupportedMediaException} naming
     * the problem. {@code report} null: not inspected, nothing to decide.
     */
    Long decide(Image image, FormatReport report) {
        if (report == null) {
            return null;
        }
        String id = image.id();
        String detected = report.format();
        List<SafetyProblem> problems = report.problems();
        if (!problems.isEmpty()) {
            boolean nonfatal = "gpt".equals(detected)
                    && problems.stream().allMatch(p -> gptNonfatal.contains(p.check()));
            if (!nonfatal) {
                throw new UnsupportedMediaException("image " + id + " failed the format safety checks ("
                        + detected + "): " + problems.stream().map(SafetyProblem::toString)
                        .collect(Collectors.joining("; ")));
            }
            LOG.warn("image {}: gpt safety checks failed, configured as non-fatal: {}", id, problems);
        }
        String claimed = image.diskFormat();
        if (detected.equals(claimed)) {
            return report.virtualSize().isPresent() ? report.virtualSize().getAsLong() : null;
        }
        if ("raw".equals(detected) && !INSPECTABLE.contains(claimed)) {
            LOG.info("image {}: disk_format {} is not an inspectable format; its data is of no known format", id,
                    claimed);
            return null;
        }
        if ("raw".equals(claimed)) {
            LOG.warn("image {} claims disk_format raw but its data is {}; accepted as raw", id, detected);
            return report.bytesRead();
        }
        if (requireMatch) {
            throw new UnsupportedMediaException("image " + id + ": disk_format " + claimed
                    + " does not match the data, which is " + detected);
        }
        LOG.warn("image {}: disk_format {} does not match the data, which is {} (format.require-match is false)",
                id, claimed, detected);
        return null;
    }
}
