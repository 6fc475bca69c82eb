package dev.imagecatalog.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.ImageCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every safe image qemu-img makes is found with qemu-img's format and virtual size; every unsafe one is refused
 * by the expected check; the report does not depend on how the stream is cut into chunks.
 */
class FormatCorpusTest {
    @TempDir
    static Path dir;
    static List<ImageCorpus.Safe> safe;
    static List<ImageCorpus.Unsafe> unsafe;
    static ImageCorpus corpus;

    @BeforeAll
    static void makeCorpus() throws IOException {
        corpus = ImageCorpus.in(dir);
        safe = corpus.safe();
        unsafe = corpus.unsafe();
    }

    @Test
    void everySafeImageHasQemuImgsFormatAndVirtualSize() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (ImageCorpus.Safe s : safe) {
            FormatReport r = FormatInspector.inspect(s.file());
            soft.assertThat(r.format()).as(s.name()).isEqualTo(s.format());
            soft.assertThat(r.virtualSize()).as(s.name()).hasValue(s.virtualSize());
            soft.assertThat(r.problems()).as(s.name()).isEmpty();
            soft.assertThat(r.bytesRead()).as(s.name()).isEqualTo(Files.size(s.file()));
        }
        soft.assertAll();
        assertThat(safe).extracting(ImageCorpus.Safe::format).containsAll(
                List.of("raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi", "iso", "gpt", "luks"));
    }

    @Test
    void qemuImgProbesTheSameFormatWhereItKnowsOne() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (ImageCorpus.Safe s : safe) {
            String probed = corpus.probedFormat(s.file());
            String glance = probed.equals("vpc") ? "vhd" : probed;
            boolean qemuCannotTell = s.format().equals("iso") || s.format().equals("gpt")
                    || s.name().contains("fixed") && s.format().equals("vhd"); // qemu probes a fixed vhd as raw
            if (!qemuCannotTell) {
                soft.assertThat(glance).as(s.name()).isEqualTo(s.format());
            }
        }
        soft.assertAll();
    }

    @Test
    void everyUnsafeImageIsRefusedByItsCheck() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        for (ImageCorpus.Unsafe u : unsafe) {
            FormatReport r = FormatInspector.inspect(u.file());
            soft.assertThat(r.isSafe()).as(u.name() + ": " + r).isFalse();
            soft.assertThat(r.problems()).as(u.name() + ": " + r).extracting(SafetyProblem::check).contains(u.check());
            soft.assertThat(r.problems()).as(u.name()).extracting(SafetyProblem::check)
                    .doesNotContain(SafetyProblem.INSPECTION_FAILED);
        }
        soft.assertAll();
    }

    @Test
    void theReportDoesNotDependOnHowTheStreamIsCut() throws IOException {
        Random random = new Random(7);
        SoftAssertions soft = new SoftAssertions();
        for (List<Path> files : List.of(safe.stream().map(ImageCorpus.Safe::file).toList(),
                unsafe.stream().map(ImageCorpus.Unsafe::file).toList())) {
            for (Path f : files) {
                if (Files.size(f) > (64 << 20)) {
                    continue;
                }
                byte[] b = Files.readAllBytes(f);
                InspectionSession session = FormatInspector.newSession();
                for (int at = 0; at < b.length; ) {
                    int n = Math.min(b.length - at, 1 + random.nextInt(random.nextBoolean() ? 700 : 300_000));
                    ByteBuffer chunk = ByteBuffer.wrap(b, at, n).slice().asReadOnlyBuffer();
                    session.accept(chunk);
                    soft.assertThat(chunk.position()).isZero();
                    at += n;
                }
                FormatReport streamed = session.finish();
                FormatReport whole = FormatInspector.inspect(f);
                soft.assertThat(streamed.format()).as(f.toString()).isEqualTo(whole.format());
                soft.assertThat(streamed.virtualSize()).as(f.toString()).isEqualTo(whole.virtualSize());
                soft.assertThat(streamed.problems()).as(f.toString()).isEqualTo(whole.problems());
            }
        }
        soft.assertAll();
    }
}
