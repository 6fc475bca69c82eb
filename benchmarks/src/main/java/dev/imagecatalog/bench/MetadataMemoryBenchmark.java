package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.policy.RequestContext;
import java.util.Random;

/**
 * Scenario {@code metadata-memory}: the in-memory back-end through {@link ImageService}.
 * <ul>
 *   <li>{@code memory_create_per_s}: creates of 100,000 images (each with a name, formats, one or two tags and a
 *       property) into a fresh catalog, in one thread, after a warm-up of 20,000 creates in a throw-away catalog;
 *       once per round ({@code -Dbench.rounds}, default 3, {@link Rounds}), the median of the rounds;</li>
 *   <li>{@code memory_get_p50_ms}: median of 20,000 gets of random ids (after 20,000 warm-up gets);</li>
 *   <li>{@code memory_list_first_p50_ms}: median of 300 calls listing the first page of 100 of the 100,000 images
 *       (default sort, created_at desc), after 100 warm-up calls;</li>
 *   <li>{@code memory_list_tag_p50_ms}: the same with a tag filter matching 10% of the images.</li>
 * </ul>
 * The gets and lists run on the last round's catalog; each latency figure is the median of its calls.
 * {@code -Dbench.images=N} changes the 100,000.
 */
public final class MetadataMemoryBenchmark {
    private static final String TAG = "tenth";

    private MetadataMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(System.getProperty("bench.images", "100000"));
        RequestContext caller = RequestContext.member("bench-project", "bench-user");
        Figures.note("metadata-memory: %d images; java %s, %d cpus, max heap %d MiB", count,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        try (ImageCatalog warm = ImageCatalog.inMemory()) {
            ImageService images = warm.images(caller);
            String[] ids = createAll(images, 20_000);
            Random r = new Random(1);
            for (int i = 0; i < 20_000; i++) {
                images.get(ids[r.nextInt(ids.length)]);
            }
            for (int i = 0; i < 200; i++) {
                images.list(ImageQuery.builder().limit(100).build());
                images.list(ImageQuery.builder().tag(TAG).limit(100).build());
            }
        }
        System.gc();

        ImageCatalog[] catalog = new ImageCatalog[1];
        String[][] created = new String[1][];
        Rounds rounds = Rounds.fromProperty();
        rounds.add("memory_create_per_s", count, () -> {
            if (catalog[0] != null) {
                catalog[0].close();
            }
            created[0] = null;
            System.gc();
            catalog[0] = ImageCatalog.inMemory();
        }, () -> created[0] = createAll(catalog[0].images(caller), count));
        rounds.run();
        try (ImageCatalog last = catalog[0]) {
            ImageService images = last.images(caller);
            String[] ids = created[0];
            long t;
            Random r = new Random(2);
            for (int i = 0; i < 20_000; i++) {
                images.get(ids[r.nextInt(count)]);
            }
            long[] gets = new long[20_000];
            for (int i = 0; i < gets.length; i++) {
                String id = ids[r.nextInt(count)];
                t = System.nanoTime();
                Image got = images.get(id);
                gets[i] = System.nanoTime() - t;
                if (!got.id().equals(id)) {
                    throw new IllegalStateException("got " + got.id() + " for " + id);
                }
            }

            ImageQuery first = ImageQuery.builder().limit(100).build();
            ImageQuery tagged = ImageQuery.builder().tag(TAG).limit(100).build();
            long[] firstTimes = timeList(images, first, count);
            long[] tagTimes = timeList(images, tagged, count);
            Page<Image> page = images.list(tagged);
            if (page.items().size() != Math.min(100, count / 10) || !page.items().stream().allMatch(i -> i.tags().contains(TAG))) {
                throw new IllegalStateException("tag filter returned " + page.items().size() + " images");
            }

            rounds.printPerSecond("memory_create_per_s", "creates/s");
            Figures.print("memory_get_p50_ms", Figures.medianMillis(gets), "ms");
            Figures.print("memory_list_first_p50_ms", Figures.medianMillis(firstTimes), "ms");
            Figures.print("memory_list_tag_p50_ms", Figures.medianMillis(tagTimes), "ms");
        }
    }

    private static String[] createAll(ImageService images, int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ImageDraft.Builder d = ImageDraft.builder().name("image-" + i).diskFormat(i % 2 == 0 ? "qcow2" : "raw")
                    .containerFormat("bare").tag("os-" + (i % 7)).property("build", Integer.toString(i));
            if (i % 10 == 0) {
                d.tag(TAG);
            }
            ids[i] = images.create(d.build()).id();
        }
        return ids;
    }

    private static long[] timeList(ImageService images, ImageQuery query, int count) {
        for (int i = 0; i < 100; i++) {
            images.list(query);
        }
        long[] times = new long[300];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            Page<Image> page = images.list(query);
            times[i] = System.nanoTime() - t;
            if (page.items().isEmpty() && count > 0) {
                throw new IllegalStateException("empty page");
            }
        }
        return times;
    }
}
