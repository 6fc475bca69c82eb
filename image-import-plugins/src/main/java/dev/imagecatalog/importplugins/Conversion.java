package dev.imagecatalog.importplugins;

import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.format.FormatInspector;
import dev.imagecatalog.format.FormatReport;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.StagedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's {@code image_conversion}: converts the staged data to the output format with {@code qemu-img}, after two
 * checks. First the format inspector: the data must be safe, and be the format the image claims ({@code gpt} counts
 * as {@code raw}; an {@code iso} is kept as it is if claimed {@code iso}, else refused). Then {@code qemu-img info},
 * CPU- and memory-limited, must read the same format and show no backing file, no data file, and only an allowed
 * vmdk create-type. Data already in the output format is left alone; a virtual size over the bound is refused. The
 * converted data is inspected again, then
 * becomes the staged data with {@code disk_format} the output format and {@code container_format} {@code bare}.
 */
final class Conversion implements ImportPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(Conversion.class);

    private final QemuImg qemuImg;
    private final String outputFormat;
    private final QemuImg.Limits infoLimits;
    private final QemuImg.Limits convertLimits;
    private final List<String> vmdkAllowed;
    private final long maxVirtualSize;
    private final String maxVirtualSizeKey;

    /**
     * @param qemuImg       runs qemu-img
     * @param outputFormat  the format to convert to: raw, qcow2 or vmdk
     * @param infoLimits    the limits of {@code qemu-img info}
     * @param convertLimits the limits of {@code qemu-img convert}
     * @param vmdkAllowed   the vmdk create-types accepted
     * @param maxVirtualSize    the largest virtual size converted, in bytes
     * @param maxVirtualSizeKey the setting it comes from, for messages
     */
    Conversion(QemuImg qemuImg, String outputFormat, QemuImg.Limits infoLimits, QemuImg.Limits convertLimits,
               List<String> vmdkAllowed, long maxVirtualSize, String maxVirtualSizeKey) {
        this.qemuImg = qemuImg;
        this.outputFormat = outputFormat;
        this.infoLimits = infoLimits;
        this.convertLimits = convertLimits;
        this.vmdkAllowed = List.copyOf(vmdkAllowed);
        this.maxVirtualSize = maxVirtualSize;
        this.maxVirtualSizeKey = maxVirtualSizeKey;
    }

    @Override
    public void apply(StagedImage image) throws IOException {
        String claimed = image.image().diskFormat();
        // absolute: qemu-img reads neither a leading '-' nor a 'protocol:' prefix in a path that starts with '/'
        Path data = image.data().toAbsolutePath();
        image.progress("inspecting the image before conversion");
        String format = inspected(FormatInspector.inspect(data), "the staged image");
        if ("iso".equals(format)) {
            if ("iso".equals(claimed)) {
                return;
            }
            throw new UnsupportedMediaException("the image is an iso but its disk_format is '" + claimed
                    + "': refused");
        }
        if (!format.equals(claimed)) {
            throw new UnsupportedMediaException("image format mismatch: disk_format is '" + claimed
                    + "' but the data is " + format);
        }
        String driver = driver(format);
        QemuImg.Result info = qemuImg.run(infoLimits, data,
                List.of("info", "--output=json", "-f", driver, data.toString()));
        if (info.exitCode() != 0) {
            throw new UnsupportedMediaException("qemu-img info could not read the image (" + info.failure() + ")");
        }
        long virtualSize = QemuImgInfo.check(info.stdout(), driver, vmdkAllowed);
        if (format.equals(outputFormat)) {
            return;
        }
        if (virtualSize > maxVirtualSize) {
            throw new TooLargeException("the image's virtual size, " + virtualSize + " bytes, is over the "
                    + maxVirtualSize + " bytes '" + maxVirtualSizeKey + "' allows to convert");
        }
        image.progress("converting " + format + " to " + outputFormat);
        Path created = image.newDataFile();
        Path out = created.toAbsolutePath();
        boolean done = false;
        try {
            QemuImg.Result convert = qemuImg.run(convertLimits, data,
                    List.of("convert", "-f", driver, "-O", outputFormat, data.toString(), out.toString()));
            if (convert.exitCode() != 0) {
                throw new UnsupportedMediaException("qemu-img convert from " + format + " to " + outputFormat
                        + " failed (" + convert.failure() + ")");
            }
            String converted = inspected(FormatInspector.inspect(out), "the converted image");
            if (!converted.equals(outputFormat)) {
                throw new UnsupportedMediaException("the converted image is " + converted + ", not " + outputFormat);
            }
            image.replaceData(created);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
        image.setDiskFormat(outputFormat);
        image.setContainerFormat("bare");
        LOG.info("import of image {}: converted {} to {}", image.image().id(), format, outputFormat);
    }

    /** {@return qemu-img's name of the disk format {@code format}: {@code vpc} for {@code vhd}, else the same} */
    static String driver(String format) {
        return "vhd".equals(format) ? "vpc" : format;
    }

    /** The format of a safe report, {@code gpt} read as {@code raw}; an unsafe one is refused. */
    private static String inspected(FormatReport report, String what) {
        if (!report.isSafe()) {
            throw new UnsupportedMediaException(what + " failed the format safety checks: " + report.problems());
        }
        return "gpt".equals(report.format()) ? "raw" : report.format();
    }
}
