package dev.imagecatalog.store.s3;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.recovery.Scrubber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Instance B of {@link S3TwoInstanceTest}: restarts a catalog on the same back-ends again and again (each start runs
 * the start-up recovery) and runs its scrubber (the orphan sweep) twice per start, until a line {@code stop} arrives
 * on stdin. Prints {@code round <n> <scrubber report>} per start, then {@code done}.
 *
 * <p>Argument: the properties file.
 */
public final class TwoInstanceSweeper {
    private TwoInstanceSweeper() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("stop")) {
                    // wait for stop
                }
            } catch (IOException e) {
                // the parent is gone: stop too
            }
            stop.set(true);
        }, "sweeper-stdin");
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("ready");
        for (int round = 1; !stop.get(); round++) {
            try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
                Scrubber.Report first = catalog.scrubber().runOnce();
                Scrubber.Report second = catalog.scrubber().runOnce();
                System.out.println("round " + round + " " + first + " " + second);
            }
        }
        System.out.println("done");
    }
}
