package dev.imagecatalog.server.api;

import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NoImageDataException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An image's data, streamed both ways: {@code PUT /v2/images/{image_id}/file} (204) hands the request body to
 * {@link ImageService#upload} as it arrives, {@code PUT /v2/images/{image_id}/stage} (204) to
 * {@link ImageService#stage} (Glance's staging for a {@code glance-direct} import), and
 * {@code GET /v2/images/{image_id}/file} (200, or 206 for a range; 204 for an image without data) copies the store's
 * stream to the client through one small buffer. None holds more of an image than that buffer. A download that
 * fails after its first byte was sent cannot change its status any more: the exception goes on to the dispatcher,
 * which aborts the connection, so the client sees a short body.
 */
final class ImageDataResource {
    static final String OCTET_STREAM = "application/octet-stream";
    /** Glance's header for the size of an upload, taken before {@code Content-Length}. */
    static final String IMAGE_SIZE_HEADER = "x-openstack-image-size";
    /** Glance's multi-store header naming the store an upload goes to. */
    static final String STORE_HEADER = "X-Image-Meta-Store";
    private static final int COPY_BUFFER = 64 * 1024;

    private final ApiContext context;

    private ImageDataResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        ImageDataResource r = new ImageDataResource(context);
        router.add("PUT", "/v2/images/{image_id}/file", r::upload);
        router.add("GET", "/v2/images/{image_id}/file", r::download);
        router.add("PUT", "/v2/images/{image_id}/stage", r::stage);
    }

    // ------------------------------------------------------------------ upload

    private void upload(Exchange ex) throws IOException {
        requireOctetStream(ex);
        UploadOptions options = UploadOptions.builder()
                .declaredSize(declaredSize(ex))
                .store(ex.header(STORE_HEADER))
                .build();
        // not closed here: what a refused upload left unread is drained or the connection closed by the server
        context.images(ex).upload(ex.param("image_id"), ex.body(), options);
        ex.status(204);
    }

    /**
     * Stages the body, as Glance's {@code image_data.py stage}: 404 when the catalog does not offer
     * {@code glance-direct} (before anything else), 415 for another media type, then the catalog's answer. An
     * {@code X-Image-Meta-Store} header is ignored: the store is chosen by the import.
     */
    private void stage(Exchange ex) throws IOException {
        if (!context.catalog().importMethods().contains(ImportMethod.GLANCE_DIRECT)) {
            throw HttpError.notFound("'glance-direct' method is not available at this site.");
        }
        requireOctetStream(ex);
        UploadOptions options = UploadOptions.builder().declaredSize(declaredSize(ex)).build();
        // not closed here, as for an upload
        context.images(ex).stage(ex.param("image_id"), ex.body(), options);
        ex.status(204);
    }

    private static void requireOctetStream(Exchange ex) {
        String type = ex.mediaType();
        if (!OCTET_STREAM.equals(type)) {
            throw new HttpError(415, "Invalid content type " + (type == null ? "None" : type));
        }
    }

    /** Glance's order: {@code x-openstack-image-size}, else {@code Content-Length}, else unknown (-1). */
    private static long declaredSize(Exchange ex) {
        String header = ex.header(IMAGE_SIZE_HEADER);
        if (header == null) {
            return Math.max(-1, ex.contentLength());
        }
        try {
            long size = Long.parseLong(header.trim());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Invalid " + IMAGE_SIZE_HEADER + " header: " + header);
        }
    }

    // ------------------------------------------------------------------ download

    private void download(Exchange ex) throws IOException {
        String id = ex.param("image_id");
        ImageService images = context.images(ex);
        RangeRequest range;
        ImageData data;
        try {
            try {
                range = RangeRequest.of(ex.header("Range"), ex.header("Content-Range"));
            } catch (HttpError badRange) {
                // Glance reads the range only once it knows the image may be read and has data
                images.download(id, DownloadOptions.whole()).close();
                throw badRange;
            }
            data = open(images, id, range);
        } catch (NoImageDataException e) {
            ex.status(204); // Glance answers a download of an image without data with No Content
            return;
        }
        try (data) {
            if (range != null && !range.satisfiable(data.imageSize())) {
                throw range.notSatisfiable(data.imageSize());
            }
            send(ex, data, range != null);
        }
    }

    /** Opens the data; a range core refuses is 416 when it is the range that does not fit the image. */
    private static ImageData open(ImageService images, String id, RangeRequest range) {
        if (range == null) {
            return images.download(id, DownloadOptions.whole());
        }
        try {
            return images.download(id, DownloadOptions.range(range.range()));
        } catch (InvalidInputException e) {
            Image image = images.get(id);
            if (image.size() != null && !range.satisfiable(image.size())) {
                throw range.notSatisfiable(image.size());
            }
            throw e;
        }
    }

    /**
     * Reads the first bytes before answering, so a store that fails at once still gets a clean error answer; then
     * streams the rest. A store that ends early is an error after the answer started (the connection is aborted).
     */
    private static void send(Exchange ex, ImageData data, boolean partial) throws IOException {
        InputStream in = data.stream();
        long length = data.contentLength();
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, length))];
        int n = length == 0 ? -1 : in.read(buffer);
        if (n < 0 && length > 0) {
            throw new IOException("the store gave none of the " + length + " bytes of image " + data.imageId());
        }
        if (data.checksum() != null) {
            ex.setHeader("Content-MD5", data.checksum());
        }
        if (partial) {
            ex.setHeader("Content-Range", data.range().contentRange());
        }
        long sent = 0;
        OutputStream out = ex.stream(partial ? 206 : 200, OCTET_STREAM, length);
        while (n >= 0) {
            if (sent + n > length) {
                throw new IOException("the store gave more than the " + length + " bytes of image " + data.imageId());
            }
            out.write(buffer, 0, n);
            sent += n;
            n = in.read(buffer);
        }
        if (sent != length) {
            throw new IOException("the store gave " + sent + " of the " + length + " bytes of image " + data.imageId());
        }
        out.close(); // only a complete body is closed (sent as complete); a failure above aborts the connection
    }
}
