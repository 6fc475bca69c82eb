package dev.imagecatalog.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.ImageCorpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parsers on damaged input (seeded, so a failure reproduces): every image of the corpus cut at every header
 * offset, and header fields overwritten with random bytes. Each inspection ends with a report, never an exception
 * nor a parser failure; the {@code @Timeout}s only guard against a hang (the parsers' loops are bounded by
 * construction).
 */
class FormatFuzzTest {
    private static final long SEED = 20_241_203L;
    /** The bytes of each sample fuzzed: every header region the parsers read lies within them. */
    private static final int PREFIX = 3 << 20;

    @TempDir
    static Path dir;
    /** One image per format and variant, by name: its first {@link #PREFIX} bytes, and its length. */
    static final Map<String, byte[]> samples = new LinkedHashMap<>();

    @BeforeAll
    static void corpus() throws IOException {
        ImageCorpus corpus = ImageCorpus.in(dir);
        List<Path> files = new ArrayList<>();
        for (ImageCorpus.Safe s : corpus.safe()) {
            if (s.name().startsWith("data-") || s.name().endsWith("-1M") || s.name().contains("1M-")
                    || List.of("gpt", "mbr", "iso").contains(s.name())) {
                files.add(s.file());
            }
        }
        corpus.unsafe().stream().filter(u -> !u.name().contains("truncated")).forEach(u -> files.add(u.file()));
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            samples.put(f.getFileName().toString(), b.length <= PREFIX ? b : java.util.Arrays.copyOf(b, PREFIX));
        }
    }

    private static FormatReport inspect(byte[] b, int length, int chunk) {
        InspectionSession s = FormatInspector.newSession();
        for (int at = 0; at < length; at += chunk) {
            s.accept(ByteBuffer.wrap(b, at, Math.min(chunk, length - at)).asReadOnlyBuffer());
        }
        return s.finish();
    }

    private static void assertClean(FormatReport r, String what) {
        assertThat(r.problems()).as(what).extracting(SafetyProblem::check)
                .doesNotContain(SafetyProblem.INSPECTION_FAILED);
        assertThat(r.format()).as(what).isNotBlank();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void cutAtEveryHeaderOffset() {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i <= 2048; i++) {
            cuts.add(i);
        }
        for (int base : new int[] {32 * 1024, 64 * 1024, 192 * 1024, 256 * 1024, 1 << 20, 2 << 20}) {
            for (int d = -600; d <= 600; d += (d > -16 && d < 16 ? 1 : 37)) {
                cuts.add(base + d);
            }
        }
        int inspected = 0;
        for (Map.Entry<String, byte[]> e : samples.entrySet()) {
            byte[] b = e.getValue();
            for (int cut : cuts) {
                if (cut <= b.length) {
                    assertClean(inspect(b, cut, 4096), e.getKey() + " cut at " + cut);
                    inspected++;
                }
            }
        }
        assertThat(inspected).isGreaterThan(samples.size() * 2000);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void randomBytesInHeaderFields() {
        Random random = new Random(SEED);
        List<String> names = new ArrayList<>(samples.keySet());
        int refused = 0;
        for (int round = 0; round < 4000; round++) {
            String name = names.get(random.nextInt(names.size()));
            byte[] b = samples.get(name).clone();
            int fields = 1 + random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                int at = fieldOffset(random, b.length);
                int width = 1 << random.nextInt(4); // a byte, or a 16, 32 or 64-bit field
                for (int i = 0; i < width && at + i < b.length; i++) {
                    b[at + i] = (byte) random.nextInt(256);
                }
            }
            FormatReport r = inspect(b, b.length, 1 + random.nextInt(1 << 17));
            assertClean(r, name + " round " + round);
            if (!r.isSafe()) {
                refused++;
            }
        }
        assertThat(refused).as("damaged headers refused").isGreaterThan(100);
    }

    /** Somewhere a parser reads: the first sector, the iso descriptor, vhdx's tables, the vmdk descriptor, the tail. */
    private static int fieldOffset(Random random, int length) {
        int[] bases = {0, 0, 0, 0x40, 0x170, 0x200, 32 * 1024, 192 * 1024, 2 << 20, Math.max(0, length - 1536)};
        int base = bases[random.nextInt(bases.length)];
        return Math.min(length - 1, base + random.nextInt(512));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anyImageSizeInBoundedMemory() {
        byte[] header = samples.entrySet().stream().filter(e -> e.getKey().startsWith("qcow2-1M-ocompat-1.1"))
                .findFirst().orElseThrow().getValue();
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20).asReadOnlyBuffer();
        long total = 64L << 30; // 64 GiB streamed through one session
        for (byte[] start : new byte[][] {new byte[0], java.util.Arrays.copyOf(header, 1 << 20)}) {
            InspectionSession s = FormatInspector.newSession();
            if (start.length > 0) {
                s.accept(ByteBuffer.wrap(start).asReadOnlyBuffer());
            }
            while (s.bytesSeen() < total) {
                s.accept(zeros.duplicate());
            }
            FormatReport r = s.finish();
            assertThat(r.bytesRead()).isEqualTo(total);
            if (start.length == 0) {
                assertThat(r.format()).isEqualTo("raw");
                assertThat(r.virtualSize()).hasValue(total);
            } else {
                assertThat(r.format()).isEqualTo("qcow2");
                assertThat(r.virtualSize()).hasValue(1L << 20);
            }
        }
    }
}
