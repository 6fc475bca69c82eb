package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One of the two JVMs of {@link PostgresTwoCatalogsRaceTest#imageCountQuotaHoldsAcrossJvms}: a catalog with
 * {@code quota.image-count-total} on the shared PostgreSQL database that, for each project in turn, creates images
 * from several threads at once, racing the other JVM. Prints {@code created PROJECT ID} or {@code refused PROJECT}
 * per attempt, then {@code done}.
 *
 * <p>Arguments: url user password projects(comma) limit attempts-per-project.
 */
public final class QuotaRaceChild {
    private QuotaRaceChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> projects = List.of(args[3].split(","));
        int attempts = Integer.parseInt(args[5]);
        try (ImageCatalog catalog = ImageCatalog.builder()
                .setting("metadata.type", "jdbc").setting("metadata.jdbc.url", args[0])
                .setting("metadata.jdbc.user", args[1]).setting("metadata.jdbc.password", args[2])
                .setting("quota.image-count-total", args[4])
                .setting("stores", "mem").setting("store.mem.type", "memory").build()) {
            System.out.println("ready");
            System.in.read(); // the parent starts both JVMs together
            ExecutorService pool = Executors.newFixedThreadPool(attempts);
            try {
                for (String project : projects) {
                    ImageService images = catalog.images(RequestContext.member(project, "racer"));
                    CyclicBarrier start = new CyclicBarrier(attempts);
                    List<Future<Image>> results = new ArrayList<>();
                    for (int i = 0; i < attempts; i++) {
                        int n = i;
                        results.add(pool.submit(() -> {
                            start.await(30, TimeUnit.SECONDS);
                            return images.create(ImageDraft.builder().name("q" + n).build());
                        }));
                    }
                    for (Future<Image> f : results) {
                        try {
                            System.out.println("created " + project + " " + f.get(60, TimeUnit.SECONDS).id());
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (!(e.getCause() instanceof TooLargeException)) {
                                throw e;
                            }
                            System.out.println("refused " + project);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println("done");
        }
    }
}
