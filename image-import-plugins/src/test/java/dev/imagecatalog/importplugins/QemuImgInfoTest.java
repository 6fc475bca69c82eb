package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.UnsupportedMediaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The qemu-img info check on reports as qemu-img 7 writes them. */
class QemuImgInfoTest {
    private static final List<String> VMDK = List.of("streamOptimized", "monolithicSparse");

    private static void refused(String json, String format, String fragment) {
        assertThatThrownBy(() -> QemuImgInfo.check(json, format, VMDK)).isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void aPlainReportPassesWithItsVirtualSize() {
        assertThat(QemuImgInfo.check("{\"virtual-size\": 67108864, \"format\": \"qcow2\", \"format-specific\": "
                + "{\"type\": \"qcow2\", \"data\": {\"compat\": \"1.1\"}}}", "qcow2", VMDK)).isEqualTo(67108864);
        assertThat(QemuImgInfo.check("{\"virtual-size\": 1, \"format\": \"vmdk\", \"format-specific\": {\"type\": "
                + "\"vmdk\", \"data\": {\"create-type\": \"streamOptimized\"}}}", "vmdk", VMDK)).isEqualTo(1);
    }

    @Test
    void aBackingFileADataFileOrAnotherVmdkTypeIsRefused() {
        refused("{\"format\": \"qcow2\", \"backing-filename\": \"/etc/passwd\"}", "qcow2", "backing file");
        refused("{\"format\": \"qcow2\", \"format-specific\": {\"type\": \"qcow2\", \"data\": {\"data-file\": "
                + "\"/dev/sda\"}}}", "qcow2", "external data file ('/dev/sda')");
        refused("{\"format\": \"vmdk\", \"format-specific\": {\"type\": \"vmdk\", \"data\": {\"create-type\": "
                + "\"monolithicFlat\"}}}", "vmdk", "create-type 'monolithicFlat' is not allowed");
    }

    @Test
    void aDisagreementOrAnUnreadableReportIsRefused() {
        refused("{\"format\": \"raw\"}", "qcow2", "qemu-img reads the image as 'raw'");
        refused("not json", "raw", "no readable report");
        refused("[]", "raw", "no readable report");
    }
}
