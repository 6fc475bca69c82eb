package dev.imagecatalog.store.s3;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The keys of one catalog in an S3 store: {@code <prefix><catalog id>/<image id>/<random uuid>}, one per write, and
 * what of a bucket is that catalog's. Only keys of exactly that shape are listed (committed objects, and multipart
 * uploads that never completed) and only they can be removed; whatever else shares the bucket or the prefix (another
 * catalog's keys, a Glance's, a person's files) is never listed and refused by {@link #remove}.
 */
final class S3OwnedObjects {
    private static final String UUID_RE = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final S3ImageStore store;
    private final String catalogPrefix;
    private final Pattern ownKey;

    S3OwnedObjects(S3ImageStore store, String prefix, String catalogId) {
        this.store = store;
        this.catalogPrefix = prefix + catalogId + "/";
        this.ownKey = Pattern.compile(Pattern.quote(catalogPrefix) + "(" + UUID_RE + ")/" + UUID_RE);
    }

    /** {@code <prefix><catalog id>/}: everything this catalog writes is under it. */
    String catalogPrefix() {
        return catalogPrefix;
    }

    /** A fresh key for one write of {@code imageId}. */
    String newKey(String imageId) {
        return catalogPrefix + imageId + "/" + UUID.randomUUID();
    }

    /** The image id of one of this catalog's keys, or null for any other key. */
    private String imageIdOf(String key) {
        Matcher m = ownKey.matcher(key);
        return m.matches() ? m.group(1) : null;
    }

    /** Visits the committed objects, then the incomplete multipart uploads, under the catalog's prefix. */
    void forEach(Consumer<StoredObject> visitor) throws IOException {
        String bucket = store.bucket();
        try {
            for (S3Object o : store.client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(catalogPrefix))
                    .contents()) {
                String imageId = imageIdOf(o.key());
                if (imageId != null && o.lastModified() != null) {
                    visitor.accept(new StoredObject(imageId, true, store.locationOf(o.key()), o.lastModified()));
                }
            }
            for (MultipartUpload u : store.client().listMultipartUploadsPaginator(r -> r.bucket(bucket)
                    .prefix(catalogPrefix)).uploads()) {
                String imageId = imageIdOf(u.key());
                if (imageId != null && u.initiated() != null) {
                    visitor.accept(new StoredObject(imageId, false, store.locationOf(u.key()), u.initiated()));
                }
            }
        } catch (SdkException e) {
            throw store.io("listing " + catalogPrefix, e);
        }
    }

    /**
     * Deletes a committed object, or aborts the multipart uploads of a leftover's key; false if nothing was there.
     *
     * @throws IllegalArgumentException for a location of another store or a key that is not this catalog's
     */
    boolean remove(StoredObject object) throws IOException {
        StoreLocation location = object.location();
        if (!location.storeId().equals(store.id()) || !location.scheme().equals(store.scheme())
                || imageIdOf(location.key()) == null) {
            throw new IllegalArgumentException(location + " is not a key of catalog prefix '" + catalogPrefix
                    + "' in s3 store " + store.id());
        }
        return object.committed() ? store.delete(location) : abortUploads(location.key());
    }

    private boolean abortUploads(String key) throws IOException {
        String bucket = store.bucket();
        boolean aborted = false;
        try {
            for (MultipartUpload u : store.client().listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(key))
                    .uploads()) {
                if (!u.key().equals(key)) {
                    continue;
                }
                try {
                    store.client().abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(u.uploadId()));
                    aborted = true;
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                }
            }
        } catch (SdkException e) {
            throw store.io("aborting the multipart uploads of " + key, e);
        }
        return aborted;
    }
}
