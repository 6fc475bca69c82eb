package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.MetadataRepository;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The child JVM of {@link H2DurabilityTest}: creates images on an H2 file as fast as it can and prints each id once
 * {@code create} has returned (the transaction is committed), until it is killed (or 120 s pass).
 */
public final class DurableCreateChild {
    private DurableCreateChild() {
    }

    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(Map.of("jdbc.url", args[0])))) {
            System.out.println("ready");
            for (int n = 0; System.nanoTime() < deadline; n++) {
                Instant now = Instant.now();
                Image image = Image.builder().id(UUID.randomUUID().toString()).name("durable-" + n)
                        .status(ImageStatus.QUEUED).visibility(Visibility.PRIVATE).owner("p")
                        .addTag("t" + (n % 5)).property("n", String.valueOf(n))
                        .createdAt(now).updatedAt(now).version(1).build();
                repo.create(image);
                System.out.println("created " + image.id());
            }
        }
    }
}
