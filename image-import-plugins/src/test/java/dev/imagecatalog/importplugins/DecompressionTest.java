package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImportPlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The decompression plug-in: each compression round-trips, zip holds one file, and the size bound holds. */
class DecompressionTest {
    private static final String PREFIX = "import.plugin.decompression.";

    @TempDir
    Path dir;

    private static ImportPlugin plugin(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return new DecompressionProvider().create(Settings.of(m).scoped(PREFIX));
    }

    /** 48 KiB: random halves (incompressible) and repeated text. */
    private static byte[] content() {
        byte[] b = new byte[48 * 1024];
        new Random(7).nextBytes(b);
        byte[] text = "a disk image, more or less. ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = b.length / 2; i < b.length; i++) {
            b[i] = text[i % text.length];
        }
        return b;
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] data, Compressor c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (String name : names) {
                z.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    z.write(content());
                }
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void roundTrip(byte[] compressed, String label) throws IOException {
        TestStagedImage staged = TestStagedImage.of(dir, compressed, "raw");
        plugin().apply(staged);
        assertThat(staged.bytes()).isEqualTo(content());
        assertThat(staged.files()).containsExactly(staged.data());
        assertThat(staged.messages).containsExactly("decompressing " + label);
        assertThat(staged.diskFormat).isNull();
    }

    @Test
    void gzipRoundTrips() throws IOException {
        roundTrip(compress(content(), GZIPOutputStream::new), "gzip");
    }

    @Test
    void zipWithOneFileRoundTrips() throws IOException {
        roundTrip(zip("disk.raw"), "zip");
    }

    @Test
    void bzip2RoundTrips() throws IOException {
        roundTrip(compress(content(), o -> new BZip2CompressorOutputStream(o, 1)), "bzip2");
    }

    @Test
    void xzRoundTrips() throws IOException {
        roundTrip(compress(content(), o -> new XZOutputStream(o, new LZMA2Options(0))), "xz");
    }

    private void refused(byte[] data, Class<? extends Exception> type, String... fragments) throws IOException {
        TestStagedImage staged = TestStagedImage.of(dir, data, "raw");
        assertThatThrownBy(() -> plugin("max-size", "1MiB").apply(staged)).isInstanceOf(type)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
        assertThat(staged.bytes()).isEqualTo(data);
        assertThat(staged.files()).containsExactly(staged.data());
    }

    @Test
    void aZipWithTwoFilesOrNoneOrOnlyAFolderIsRefused() throws IOException {
        refused(zip("a.raw", "b.raw"), UnsupportedMediaException.class, "holds 2 entries");
        refused(zip(), UnsupportedMediaException.class, "holds 0 entries");
        refused(zip("folder/"), UnsupportedMediaException.class, "only the folder 'folder/'");
    }

    @Test
    void aDecompressionBombStopsAtTheBound() throws IOException {
        byte[] zeros = new byte[2 * 1024 * 1024];
        byte[] bomb = compress(zeros, GZIPOutputStream::new);
        assertThat(bomb.length).isLessThan(4 * 1024);
        refused(bomb, TooLargeException.class, "larger than 1048576 bytes",
                "'import.plugin.decompression.max-size'");
        refused(compress(zeros, o -> new XZOutputStream(o, new LZMA2Options(0))), TooLargeException.class,
                "larger than 1048576 bytes");
    }

    @Test
    void corruptDataIsRefused() throws IOException {
        byte[] gzip = compress(content(), GZIPOutputStream::new);
        byte[] cut = java.util.Arrays.copyOf(gzip, gzip.length / 2);
        refused(cut, UnsupportedMediaException.class, "starts like gzip but cannot be decompressed");
        refused(new byte[] {'B', 'Z', 'h', '9', 1, 2, 3, 4}, UnsupportedMediaException.class, "bzip2");
        refused(new byte[] {'P', 'K', 3, 4, 0, 0, 0}, UnsupportedMediaException.class, "zip");
    }

    @Test
    void dataThatIsNotCompressedAndCompressedContainersAreLeftAlone() throws IOException {
        TestStagedImage plain = TestStagedImage.of(dir, content(), "raw");
        plugin().apply(plain);
        assertThat(plain.bytes()).isEqualTo(content());
        assertThat(plain.messages).isEmpty();

        byte[] gzip = compress(content(), GZIPOutputStream::new);
        TestStagedImage kept = new TestStagedImage(dir, gzip, "raw", "compressed", RequestContext.member("p1", "u1"));
        plugin().apply(kept);
        assertThat(kept.bytes()).isEqualTo(gzip);
        assertThat(kept.files()).containsExactly(kept.data());
    }

    @Test
    void aBadMaxSizeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> plugin("max-size", "1000")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.decompression.max-size'");
        assertThatThrownBy(() -> plugin("max-sise", "1GiB")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("did you mean 'import.plugin.decompression.max-size'");
    }
}
