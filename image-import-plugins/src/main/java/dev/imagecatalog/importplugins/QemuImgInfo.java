package dev.imagecatalog.importplugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.error.UnsupportedMediaException;
import java.io.IOException;
import java.util.List;

/**
 * The check of {@code qemu-img info --output=json} the conversion plug-in makes before converting (Glance's second,
 * qemu-img-based check): qemu-img must read the format the inspector found, and the image must name no backing file
 * and no external data file, and a vmdk must be of an allowed create-type.
 */
final class QemuImgInfo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QemuImgInfo() {
    }

    /**
     * Checks qemu-img's report.
     *
     * @param json         {@code qemu-img info --output=json}'s output
     * @param format       qemu-img's name of the format the inspector found (it was told so with {@code -f})
     * @param vmdkAllowed  the vmdk create-types accepted
     * @return the virtual size qemu-img reports, or -1 when it reports none
     * @throws UnsupportedMediaException when the report is not JSON or the image fails a check
     */
    static long check(String json, String format, List<String> vmdkAllowed) {
        JsonNode info;
        try {
            info = JSON.readTree(json);
        } catch (IOException e) {
            throw new UnsupportedMediaException("qemu-img info gave no readable report: " + e.getMessage(), e);
        }
        if (info == null || !info.isObject()) {
            throw new UnsupportedMediaException("qemu-img info gave no readable report");
        }
        String reported = info.path("format").asText("");
        if (!reported.equals(format)) {
            throw new UnsupportedMediaException("qemu-img reads the image as '" + reported + "' but the format "
                    + "inspector found '" + format + "': refused");
        }
        if (info.has("backing-filename") || info.has("full-backing-filename")) {
            throw new UnsupportedMediaException("the image names a backing file ('"
                    + info.path("backing-filename").asText("") + "'): refused");
        }
        JsonNode specific = info.path("format-specific").path("data");
        if (specific.has("data-file")) {
            throw new UnsupportedMediaException("the image names an external data file ('"
                    + specific.path("data-file").asText("") + "'): refused");
        }
        if ("vmdk".equals(format)) {
            String createType = specific.path("create-type").asText("");
            if (!vmdkAllowed.contains(createType)) {
                throw new UnsupportedMediaException("vmdk create-type '" + createType + "' is not allowed (allowed: "
                        + vmdkAllowed + ")");
            }
        }
        return info.path("virtual-size").asLong(-1);
    }
}
