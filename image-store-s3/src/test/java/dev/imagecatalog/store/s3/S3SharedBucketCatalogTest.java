package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Catalogs on a bucket they share with data no catalog wrote, through the whole catalog: start-up recovery and the
 * scrubber's sweep run, and only each catalog's own unreferenced object goes. The bucket holds {@code backups/db.dump},
 * {@code README.txt}, a backup's multipart upload in progress and {@code glance/notes.txt}; catalog A has no prefix
 * (the whole bucket), catalog B the prefix {@code team-b/}, catalog C the prefix {@code glance/}. On s3proxy and on
 * Swift's s3api.
 */
class S3SharedBucketCatalogTest {

    @Test
    void onS3Proxy() throws Exception {
        TestEnvironment.require("IMAGECATALOG_S3PROXY_ENDPOINT", S3TestServers.PROVIDED_BY);
        String bucket = S3TestServers.bucketName("shared");
        run(S3TestServers.s3proxy(bucket), bucket);
    }

    @Test
    void onSwiftS3Api() throws Exception {
        TestEnvironment.require("IMAGECATALOG_SWIFT_S3_ENDPOINT", S3TestServers.PROVIDED_BY);
        String bucket = S3TestServers.bucketName("shared");
        run(S3TestServers.swiftS3Api(bucket), bucket);
    }

    private static void run(Map<String, String> storeSettings, String bucket) throws Exception {
        try (S3ImageStore admin = S3TestServers.open("admin", "admin", storeSettings)) {
            S3Client client = admin.client();
            try {
                check(client, storeSettings, bucket);
            } finally {
                S3TestServers.deleteBucket(client, bucket);
            }
        }
    }

    private static void check(S3Client client, Map<String, String> storeSettings, String bucket) throws Exception {
        Map<String, byte[]> foreign = new LinkedHashMap<>();
        for (String key : List.of("backups/db.dump", "README.txt", "glance/notes.txt", "team-b/notes.txt")) {
            foreign.put(key, ("not a catalog's: " + key).getBytes(StandardCharsets.UTF_8));
        }
        foreign.forEach((key, bytes) -> client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
        String backup = client.createMultipartUpload(r -> r.bucket(bucket).key("backups/next.dump")).uploadId();

        List<ImageCatalog> catalogs = new ArrayList<>();
        try {
            // built one after the other: each start-up recovery sweeps while the others' images exist
            List<Image> images = new ArrayList<>();
            byte[] data = new byte[3 * 1024 * 1024 + 7]; // above the 1 MiB threshold: a multipart upload
            new Random(1).nextBytes(data);
            for (String prefix : List.of("", "team-b/", "glance/")) {
                ImageCatalog catalog = catalog(storeSettings, prefix);
                catalogs.add(catalog);
                ImageService service = catalog.images(RequestContext.admin("p", "u"));
                Image image = service.create(ImageDraft.builder().name("img").diskFormat("raw").containerFormat("bare")
                        .build());
                images.add(service.upload(image.id(), new ByteArrayInputStream(data)));
            }
            // an object of catalog A that no image references: the only thing a sweep may remove
            StoreLocation orphan;
            try (ImageWriter w = catalogs.get(0).backends().stores().get("shared").openWriter(UUID.randomUUID().toString(), 10)) {
                w.write(ByteBuffer.wrap(new byte[10]));
                orphan = w.commit();
            }
            int orphansDeleted = 0;
            for (ImageCatalog catalog : catalogs) {
                orphansDeleted += catalog.scrubber().runOnce().orphansDeleted();
            }
            assertThat(orphansDeleted).isEqualTo(1);
            assertThat(catalogs.get(0).backends().stores().get("shared").exists(orphan)).isFalse();

            for (Map.Entry<String, byte[]> e : foreign.entrySet()) {
                assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(e.getKey())).asByteArray())
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(S3TestServers.multipartUploads(client, bucket)).extracting(MultipartUpload::uploadId)
                    .containsExactly(backup);
            for (int i = 0; i < catalogs.size(); i++) {
                ImageService service = catalogs.get(i).images(RequestContext.admin("p", "u"));
                Image image = service.get(images.get(i).id());
                assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
                try (ImageData d = service.download(image.id()); InputStream in = d.stream()) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
            }
        } finally {
            for (ImageCatalog catalog : catalogs) {
                catalog.close();
            }
        }
    }

    private static ImageCatalog catalog(Map<String, String> storeSettings, String prefix) {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("metadata.type", "memory");
        cfg.put("stores", "shared");
        storeSettings.forEach((k, v) -> cfg.put("store.shared." + k, v));
        cfg.put("store.shared.type", "s3");
        cfg.put("store.shared.prefix", prefix);
        return ImageCatalog.builder().settings(cfg).build();
    }
}
