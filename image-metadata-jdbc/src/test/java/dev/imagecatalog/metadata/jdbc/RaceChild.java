package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One of the two JVMs of {@link PostgresTwoCatalogsRaceTest}: a catalog on the shared PostgreSQL database that
 * races the other on the same images. Prints {@code won ID}, {@code lost ID}, {@code deleted ID},
 * {@code gone ID}, then {@code done}.
 *
 * <p>Arguments: url user password name uploadIds(comma) patchIds(comma) deleteIds(comma).
 */
public final class RaceChild {
    private RaceChild() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[3];
        List<String> uploads = Arrays.asList(args[4].split(","));
        List<String> patches = Arrays.asList(args[5].split(","));
        List<String> deletes = Arrays.asList(args[6].split(","));
        try (ImageCatalog catalog = ImageCatalog.builder()
                .setting("metadata.type", "jdbc").setting("metadata.jdbc.url", args[0])
                .setting("metadata.jdbc.user", args[1]).setting("metadata.jdbc.password", args[2])
                .setting("stores", "mem").setting("store.mem.type", "memory").build()) {
            ImageService images = catalog.images(RequestContext.member("race", name));
            Random r = new Random();
            byte[] data = new byte[256 * 1024];
            r.nextBytes(data);
            // start together: the parent releases both children by closing their stdin... simply wait for "go"
            System.out.println("ready");
            System.in.read();
            for (int i = 0; i < uploads.size(); i++) {
                String id = uploads.get(i);
                try {
                    images.upload(id, new ByteArrayInputStream(data));
                    System.out.println("won " + id);
                } catch (ConflictException e) {
                    System.out.println("lost " + id);
                }
                String p = patches.get(i % patches.size());
                images.update(p, ImagePatch.builder().add(name + "_" + i, "v").build());
                images.addTag(p, name + "-" + i);
                String d = deletes.get(i % deletes.size());
                try {
                    images.delete(d);
                    System.out.println("deleted " + d);
                } catch (NotFoundException e) {
                    System.out.println("gone " + d);
                }
            }
            System.out.println("done");
        }
    }
}
