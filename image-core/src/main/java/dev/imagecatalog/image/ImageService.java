package dev.imagecatalog.image;

import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.task.Task;
import java.io.InputStream;
import java.util.List;

/**
 * The image API of Glance v2, bound to one caller ({@link dev.imagecatalog.policy.RequestContext}). Obtain one from
 * {@link dev.imagecatalog.ImageCatalog#images(dev.imagecatalog.policy.RequestContext)}. Thread-safe.
 *
 * <p>Every method throws the catalog's typed exceptions ({@link dev.imagecatalog.error.ImageCatalogException}): an
 * image the caller may not see is {@link dev.imagecatalog.error.NotFoundException}, never forbidden.
 *
 * <p>Image ids are UUIDs, kept in canonical lower-case form: an id given in upper case names the same image, and
 * an id that is not a UUID names none (not found). Inputs are bounded the same way on every back-end: names,
 * tags, property keys and member ids of at most 255 characters, property values of at most
 * {@code limit.image-property-value-bytes} UTF-8 bytes, no control characters, at most
 * {@code limit.image-patch-operations} operations per patch and {@code limit.list-filter-values} values per list
 * filter; beyond them a call fails with {@link dev.imagecatalog.error.InvalidInputException} or
 * {@link dev.imagecatalog.error.TooLargeException} naming the field, and changes nothing.
 */
public interface ImageService {

    /**
     * Creates an image in status {@code queued}. A caller-chosen id must be a UUID not used before (a duplicate,
     * even of a deleted image, is a conflict). Read-only, reserved and {@code os_glance*} attributes are forbidden.
     *
     * @param draft what the image starts with
     * @return the image
     */
    Image create(ImageDraft draft);

    /**
     * The image, if the caller may see it.
     *
     * @param imageId the image's id
     * @return the image, without the properties the caller may not read
     */
    Image get(String imageId);

    /**
     * One page of the images the caller may see that match {@code query}. An unknown marker is invalid input. A
     * filter on a custom property the caller may not read (property protections) matches no image.
     *
     * @param query the filters, sort keys, limit and marker
     * @return the page
     */
    Page<Image> list(ImageQuery query);

    /**
     * Applies a patch atomically: all changes or none. Read-only attributes and reserved keys are forbidden;
     * disk and container format change only while queued; removing a base attribute is forbidden; replacing or
     * removing a missing custom property is a conflict. A custom property the caller may not read counts as missing
     * (an {@code add} of it is a create), whether or not it is stored. The {@code /locations} paths follow the rules
     * of {@link #addLocation} and {@link #removeLocation} under policies {@code set_image_location} (add, replace)
     * and {@code delete_image_location} (remove), and only when the catalog shows multiple locations
     * ({@code image.show-multiple-locations}; forbidden otherwise, as in Glance): {@code add /locations/N} (also to
     * a queued image, which it makes active), {@code remove /locations/N} of an active image (N counts the active
     * locations in read order, as {@link #locations} lists them), and {@code replace /locations}, which gives an
     * image without locations its list or reorders an image's locations (an empty list is forbidden for an image
     * with locations). A removed location's bytes are deleted once the patch is saved.
     *
     * @param imageId the image's id
     * @param patch the changes, applied in order
     * @return the changed image
     */
    Image update(String imageId, ImagePatch patch);

    /**
     * Deletes the image and its data. A protected image is forbidden.
     *
     * @param imageId the image's id
     */
    void delete(String imageId);

    /**
     * Adds a tag (idempotent).
     *
     * @param imageId the image's id
     * @param tag the tag
     * @return the changed image
     */
    Image addTag(String imageId, String tag);

    /**
     * Removes a tag; a tag the image does not carry is not found.
     *
     * @param imageId the image's id
     * @param tag the tag
     * @return the changed image
     */
    Image removeTag(String imageId, String tag);

    /**
     * active -> deactivated (idempotent when already deactivated; other statuses are forbidden).
     *
     * @param imageId the image's id
     * @return the changed image
     */
    Image deactivate(String imageId);

    /**
     * deactivated -> active (idempotent when already active; other statuses are forbidden).
     *
     * @param imageId the image's id
     * @return the changed image
     */
    Image reactivate(String imageId);

    /**
     * Streams the image's data into a store: queued -> saving -> active. Exactly one of several concurrent uploads
     * wins; the others get a conflict. Data of an active image cannot be replaced (conflict). On any failure the
     * written bytes are removed and the image returns to queued. Does not close {@code data}. With
     * {@code container_format = bare} the data is inspected while it streams ({@code dev.imagecatalog.format}):
     * an unsafe image, or one whose data does not match its {@code disk_format}, is refused before it is stored
     * ({@link dev.imagecatalog.error.UnsupportedMediaException}); a safe one gets its {@code virtual_size}.
     *
     * @param imageId the image's id
     * @param data the bytes, read to the end
     * @param options declared size and checksums, store, progress listener
     * @return the active image
     */
    Image upload(String imageId, InputStream data, UploadOptions options);

    /**
     * {@link #upload(String, InputStream, UploadOptions)} with default options.
     *
     * @param imageId the image's id
     * @param data the bytes, read to the end
     * @return the active image
     */
    default Image upload(String imageId, InputStream data) {
        return upload(imageId, data, UploadOptions.defaults());
    }

    /**
     * Opens the image's data, or one range of it. No data is {@link dev.imagecatalog.error.NoImageDataException}; a
     * deactivated image is forbidden to non-administrators.
     *
     * @param imageId the image's id
     * @param options the range and whether to verify the checksums
     * @return the data, to be closed by the caller
     */
    ImageData download(String imageId, DownloadOptions options);

    /**
     * The whole image's data, not verified: {@code download(imageId, DownloadOptions.whole())}.
     *
     * @param imageId the image's id
     * @return the data, to be closed by the caller
     */
    default ImageData download(String imageId) {
        return download(imageId, DownloadOptions.whole());
    }

    // ---------------------------------------------------------------- import

    /**
     * Writes the image's data to the catalog's staging area for a later {@code glance-direct} import: queued ->
     * uploading. The data is checked as an upload's is (size cap, declared size and checksums, {@code image_size_total}
     * and {@code image_stage_total}) but not inspected and not stored; {@code size} is the staged size. A failed stage
     * leaves nothing staged and returns the image to queued. Does not close {@code data}.
     *
     * @param imageId the image's id
     * @param data    the bytes, read to the end
     * @param options declared size and checksums, progress listener (a store named here is refused)
     * @return the image, {@code uploading}
     * @throws dev.imagecatalog.error.NotFoundException when {@code glance-direct} is not among {@code import.methods}
     *                                                  (as Glance), or the image is not visible
     * @throws dev.imagecatalog.error.ConflictException if the image is not queued (already staged, or has data)
     * @throws dev.imagecatalog.error.TooLargeException over the size cap or a quota
     */
    Image stage(String imageId, InputStream data, UploadOptions options);

    /**
     * Starts an import (Glance's interoperable image import) and returns its task at once; the import runs on the
     * catalog's import workers. Checked before the task exists: the method is enabled ({@code import.methods}, else
     * invalid), the image is in the method's status ({@code uploading} for glance-direct, {@code queued} for
     * web-download, {@code active} for copy-image, else conflict) with both formats set, no other import holds the
     * image's {@code os_glance_import_task} lock (conflict; a stale lock is broken), the stores exist (conflict) and
     * may be written, a web-download URL passes {@code import.filtering.*} (invalid), and the quotas. The image then
     * goes to {@code importing} (copy-image: stays active), and to {@code active} when the data is in its stores, or
     * back to {@code queued} on failure, with the staged data removed either way.
     *
     * @param imageId the image's id
     * @param request method, URL, stores
     * @return the import's task ({@code api_image_import}), {@code pending} or already further
     */
    Task importImage(String imageId, ImportRequest request);

    /**
     * The image's tasks that have not expired, oldest first, with their messages (an import's progress). Needs only
     * that the image be visible (Glance's {@code GET /v2/images/{id}/tasks}).
     *
     * @param imageId the image's id
     * @return the tasks
     * @throws dev.imagecatalog.error.NotFoundException if the image is not visible
     */
    List<Task> tasks(String imageId);

    // ---------------------------------------------------------------- members

    /**
     * Shares the image with project {@code memberId} (status pending). Only the owner (or an admin) adds members,
     * and only to a shared image (else forbidden); a duplicate is a conflict; more than the member limit is
     * {@link dev.imagecatalog.error.TooLargeException}.
     *
     * @param imageId the image's id
     * @param memberId the project to share with
     * @return the member record
     */
    ImageMember addMember(String imageId, String memberId);

    /**
     * The image's members: the owner (or an admin) sees every member; a member sees only its own record. Not
     * shared: forbidden.
     *
     * @param imageId the image's id
     * @return the member records
     */
    List<ImageMember> listMembers(String imageId);

    /**
     * One member record, for the owner, an admin or that member; anyone else gets not found.
     *
     * @param imageId the image's id
     * @param memberId the member project's id
     * @return the member record
     */
    ImageMember getMember(String imageId, String memberId);

    /**
     * Changes a member's status (pending, accepted, rejected, in any direction). Only the member itself (or an
     * admin) may; the owner is forbidden.
     *
     * @param imageId the image's id
     * @param memberId the member project's id
     * @param status the new status
     * @return the changed member record
     */
    ImageMember updateMember(String imageId, String memberId, MemberStatus status);

    /**
     * Removes a member (owner or admin).
     *
     * @param imageId the image's id
     * @param memberId the member project's id
     */
    void removeMember(String imageId, String memberId);

    // ---------------------------------------------------------------- quotas

    /**
     * The caller's project's quotas with their limits (-1 = unlimited) and current use (Glance's
     * {@code GET /v2/info/usage}): image_count_total, image_size_total, image_stage_total, image_count_uploading.
     *
     * @return one entry per quota
     */
    List<QuotaUsage> usage();

    // ---------------------------------------------------------------- stores and locations

    /**
     * The stores this catalog configures, in configuration order (Glance's {@code GET /v2/info/stores}): id,
     * description, whether each is the default and whether it is read-only. Any caller may ask.
     *
     * @return one entry per store, without type, weight or properties
     */
    List<StoreInfo> stores();

    /**
     * The stores with their type, weight and non-secret properties (Glance's {@code GET /v2/info/stores/detail}):
     * policy {@code stores_info_detail}, administrators and services by default.
     *
     * @return one entry per store, in configuration order
     * @throws dev.imagecatalog.error.ForbiddenException if the policy refuses
     */
    List<StoreInfo> storesDetail();

    /**
     * Copies an active image's data into more stores: one read of the best readable location, streamed into one
     * writer per target store at once through the upload path's bounded buffers. Each copy is recorded as a
     * {@link LocationStatus#PENDING} location while it is written and becomes active only once its size, MD5 and
     * multihash equal the image's. Stores that already hold the image are skipped. A target that fails is aborted
     * and reported in {@link StoreCopyResult#failed()}, leaving nothing behind; with {@code allMustSucceed} one
     * failure fails the whole copy and no new location remains. Needs policy {@code copy_image} (administrators by
     * default, as in Glance) and the caller's ownership unless admin.
     *
     * @param imageId        the image's id
     * @param storeIds       the stores to copy to (configured, writable)
     * @param allMustSucceed whether one failed target fails the whole copy
     * @return what was copied, skipped and failed
     * @throws dev.imagecatalog.error.InvalidInputException for an unknown store or an empty list
     * @throws dev.imagecatalog.error.ForbiddenException    for a read-only target, or when the policy refuses
     * @throws dev.imagecatalog.error.ConflictException     if the image is not active (also when it is deactivated
     *                                                      or deleted during the copy), or when
     *                                                      {@code allMustSucceed} and a target failed
     * @throws dev.imagecatalog.error.BackendUnavailableException if no active location can be read, or the bytes
     *                                                      read do not match the image (every target fails)
     */
    StoreCopyResult copyToStores(String imageId, List<String> storeIds, boolean allMustSucceed);

    /**
     * Removes an image's data from one store (Glance's {@code DELETE /v2/stores/{store}/{image}}): the bytes go,
     * the image and its other locations stay. Policies {@code get_image_location} and {@code delete_image_location}.
     *
     * @param imageId the image's id
     * @param storeId the store to remove it from
     * @return the image without that store's location
     * @throws dev.imagecatalog.error.NotFoundException  if the image is not in that store
     * @throws dev.imagecatalog.error.ForbiddenException for the last location, or when the policy refuses
     * @throws dev.imagecatalog.error.ConflictException  if the image is not active, the store is read-only or not
     *                                                   configured, or a copy to or removal from that store is in
     *                                                   progress
     * @throws dev.imagecatalog.error.BackendUnavailableException if the store fails to delete the bytes (the
     *                                                   location stays {@code deleting}, no longer read, and the
     *                                                   recovery sweep finishes the removal)
     */
    Image deleteFromStore(String imageId, String storeId);

    /**
     * An image's locations with their status (policy {@code get_image_location}); a deactivated image shows none to
     * callers other than administrators, as in Glance.
     *
     * @param imageId the image's id
     * @return the locations, active ones first in read order (store weight, highest first), then the others
     */
    List<ImageLocation> locations(String imageId);

    /**
     * An image's locations for a service (Glance's {@code GET /v2/images/{id}/locations}): as {@link #locations},
     * under policy {@code fetch_image_location} (services and administrators by default) instead.
     *
     * @param imageId the image's id
     * @return the locations, active ones first in read order, then the others
     * @throws dev.imagecatalog.error.ForbiddenException if the policy refuses
     */
    List<ImageLocation> fetchLocations(String imageId);

    /**
     * Adds a location that already holds the image's bytes (Glance's {@code POST /v2/images/{id}/locations} and
     * the {@code add /locations/-} patch): {@code url} names a configured store's object ({@code scheme://store/key}
     * as {@link StoreLocation#url()} renders it) or, for an {@code http} store, an external {@code http(s)} URL. The
     * store must be able to read it and report a size above zero; the image must be {@code queued} or
     * {@code active}. The first location of a {@code queued} image (with its formats set) makes it {@code active}:
     * the bytes are read once, streaming, through MD5 and the catalog's multihash, compared with {@code validation}
     * and recorded as the image's size and checksums. A location added to an {@code active} image must hold its
     * size, and {@code validation} must equal the image's values. Validation data may set a value the image lacks
     * only while it is queued; its {@code os_hash_algo} must be the catalog's ({@code hashing.algorithm}) and its
     * values hexadecimal digests of the right length. Policy {@code add_image_location}; a caller that the
     * {@code service_api} rule does not allow may add only external ({@code http} store) locations, as in Glance.
     * The location counts against {@code limit.image-locations}.
     *
     * @param imageId    the image's id
     * @param url        where the bytes are
     * @param validation what the bytes are claimed to be ({@link LocationValidation#NONE} or null for nothing)
     * @return the image with the new location
     * @throws dev.imagecatalog.error.InvalidInputException if no store knows the URL, its object is missing or
     *                                                      empty, the URL is already a location (as Glance), the
     *                                                      validation data is malformed, or the bytes disagree with
     *                                                      the image or the validation data (the image stays as it
     *                                                      was)
     * @throws dev.imagecatalog.error.ConflictException     if the image is neither queued nor active, or the
     *                                                      validation data contradicts the image's values or sets
     *                                                      one after the image left queued
     * @throws dev.imagecatalog.error.ForbiddenException    if the policy refuses, or a non-service caller names a
     *                                                      store's own object
     * @throws dev.imagecatalog.error.TooLargeException     beyond {@code limit.image-locations}, the size cap, or the
     *                                                      owner's quotas (an activation counts as an upload)
     */
    Image addLocation(String imageId, String url, LocationValidation validation);

    /**
     * Removes one active location of an active image without touching the bytes' other copies (the
     * {@code remove /locations/N} patch); the bytes at that location are deleted, unless its store is read-only.
     * Policy {@code delete_image_location}.
     *
     * @param imageId the image's id
     * @param url     the location's URL as {@link #locations} renders it ({@link StoreLocation#publicUrl()}) or
     *                {@link StoreLocation#url()}
     * @return the image without it
     * @throws dev.imagecatalog.error.NotFoundException  if the image has no such location
     * @throws dev.imagecatalog.error.ForbiddenException for the last active location, or when the policy refuses
     * @throws dev.imagecatalog.error.ConflictException  if the image is not active, or the location is not (a copy
     *                                                   or a removal is in progress)
     */
    Image removeLocation(String imageId, String url);
}
