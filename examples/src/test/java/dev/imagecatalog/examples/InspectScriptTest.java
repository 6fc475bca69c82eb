package dev.imagecatalog.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.ImageCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/inspect} on the qemu-img corpus: one line per file with qemu-img's format and virtual size and
 * {@code ok} for every safe image, {@code refuse} and the expected check for every unsafe one; exit status 0 when
 * every file was read, 1 when one could not be. Run on this module's test class path (INSPECT_CLASSPATH).
 */
class InspectScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "inspect").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int status, List<String> lines, String stderr) {
    }

    private static Run inspect(List<String> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(files);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("INSPECT_CLASSPATH", System.getProperty("java.class.path"));
        Path err = Files.createTempFile("inspect", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")), stderr);
    }

    @Test
    void oneLinePerFileOfTheCorpus() throws Exception {
        ImageCorpus corpus = ImageCorpus.in(dir);
        List<ImageCorpus.Safe> safe = corpus.safe();
        List<ImageCorpus.Unsafe> unsafe = corpus.unsafe();
        List<String> files = new ArrayList<>();
        safe.forEach(s -> files.add(s.file().toString()));
        unsafe.forEach(u -> files.add(u.file().toString()));
        Run run = inspect(files);
        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.lines()).hasSize(files.size());
        Map<String, String[]> byFile = new HashMap<>();
        for (String line : run.lines()) {
            String[] f = line.split("\t", -1);
            assertThat(f).as(line).hasSize(5);
            byFile.put(f[0], f);
        }
        SoftAssertions soft = new SoftAssertions();
        for (ImageCorpus.Safe s : safe) {
            String[] f = byFile.get(s.file().toString());
            soft.assertThat(f).as(s.name()).containsExactly(s.file().toString(), s.format(),
                    Long.toString(s.virtualSize()), "ok", "-");
        }
        for (ImageCorpus.Unsafe u : unsafe) {
            String[] f = byFile.get(u.file().toString());
            soft.assertThat(f[3]).as(u.name()).isEqualTo("refuse");
            soft.assertThat(f[4]).as(u.name()).contains(" " + u.check() + ": ");
        }
        soft.assertAll();
    }

    @Test
    void anUnreadableFileIsToldAndMakesTheStatusOne() throws Exception {
        Path ok = Files.write(dir.resolve("hello.img"), "hello".getBytes(StandardCharsets.US_ASCII));
        Path link = Files.createSymbolicLink(dir.resolve("link.img"), ok);
        Run run = inspect(List.of(ok.toString(), dir.resolve("missing.img").toString(), link.toString()));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(ok + "\traw\t5\tok\t-");
        assertThat(run.stderr()).contains("missing.img").contains("link.img");
    }
}
