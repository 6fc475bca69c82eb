package dev.imagecatalog.internal;

import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.image.StoreInfo;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The front door of the image API: every image id a caller passes is made canonical ({@link ImageIds}) and every
 * request is bounded ({@link InputLimits}) before {@link DefaultImageService} or a back-end sees it. An id that is
 * not a UUID names no image: not found for a call on one image, invalid for a marker, no match in an {@code ids}
 * filter. What an image may hold (names, tags, properties of a create or patch) is checked where the change is
 * built ({@link ImageRules}), against the same limits.
 */
final class CheckedImageService implements ImageService {
    private final ImageService next;
    private final InputLimits limits;

    CheckedImageService(ImageService next, InputLimits limits) {
        this.next = next;
        this.limits = limits;
    }

    /** The canonical id of the image a call names; an id that is not a UUID is not found. */
    private static String id(String imageId) {
        if (imageId == null) {
            throw new InvalidInputException("image id is required");
        }
        String id = ImageIds.canonical(imageId);
        if (id == null) {
            throw new NotFoundException("no image with id " + InputLimits.shown(imageId));
        }
        return id;
    }

    private static String memberId(String memberId) {
        if (memberId != null) {
            InputLimits.field("member id", memberId);
        }
        return memberId;
    }

    @Override
    public Image create(ImageDraft draft) {
        return next.create(draft);
    }

    @Override
    public Image get(String imageId) {
        return next.get(id(imageId));
    }

    @Override
    public Page<Image> list(ImageQuery query) {
        if (query == null) {
            return next.list(null);
        }
        limits.query(query);
        ImageQuery.Builder q = query.toBuilder();
        if (query.ids() != null) {
            Set<String> ids = new LinkedHashSet<>();
            for (String i : query.ids()) {
                String id = ImageIds.canonical(i);
                if (id != null) {
                    ids.add(id); // one that is not a UUID matches nothing
                }
            }
            q.ids(ids);
        }
        if (query.marker() != null) {
            String marker = ImageIds.canonical(query.marker());
            if (marker == null) {
                throw new InvalidInputException("invalid marker '" + InputLimits.shown(query.marker())
                        + "': no such image");
            }
            q.marker(marker);
        }
        return next.list(q.build());
    }

    @Override
    public Image update(String imageId, ImagePatch patch) {
        Objects.requireNonNull(patch, "patch");
        String id = id(imageId);
        limits.patch(patch);
        return next.update(id, patch);
    }

    @Override
    public void delete(String imageId) {
        next.delete(id(imageId));
    }

    @Override
    public Image addTag(String imageId, String tag) {
        return next.addTag(id(imageId), ImageRules.checkTag(tag));
    }

    @Override
    public Image removeTag(String imageId, String tag) {
        return next.removeTag(id(imageId), ImageRules.checkTag(tag));
    }

    @Override
    public Image deactivate(String imageId) {
        return next.deactivate(id(imageId));
    }

    @Override
    public Image reactivate(String imageId) {
        return next.reactivate(id(imageId));
    }

    @Override
    public Image upload(String imageId, InputStream data, UploadOptions options) {
        return next.upload(id(imageId), data, options);
    }

    @Override
    public ImageData download(String imageId, DownloadOptions options) {
        return next.download(id(imageId), options);
    }

    @Override
    public ImageMember addMember(String imageId, String memberId) {
        return next.addMember(id(imageId), memberId(memberId));
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        return next.listMembers(id(imageId));
    }

    @Override
    public ImageMember getMember(String imageId, String memberId) {
        return next.getMember(id(imageId), memberId(memberId));
    }

    @Override
    public ImageMember updateMember(String imageId, String memberId, MemberStatus status) {
        return next.updateMember(id(imageId), memberId(memberId), status);
    }

    @Override
    public void removeMember(String imageId, String memberId) {
        next.removeMember(id(imageId), memberId(memberId));
    }

    @Override
    public List<QuotaUsage> usage() {
        return next.usage();
    }

    @Override
    public List<StoreInfo> stores() {
        return next.stores();
    }

    @Override
    public List<StoreInfo> storesDetail() {
        return next.storesDetail();
    }

    @Override
    public Image stage(String imageId, InputStream data, UploadOptions options) {
        return next.stage(id(imageId), data, options);
    }

    @Override
    public Task importImage(String imageId, ImportRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        return next.importImage(id(imageId), request);
    }

    @Override
    public List<Task> tasks(String imageId) {
        return next.tasks(id(imageId));
    }

    @Override
    public StoreCopyResult copyToStores(String imageId, List<String> storeIds, boolean allMustSucceed) {
        return next.copyToStores(id(imageId), storeIds, allMustSucceed);
    }

    @Override
    public Image deleteFromStore(String imageId, String storeId) {
        return next.deleteFromStore(id(imageId), storeId);
    }

    @Override
    public List<ImageLocation> locations(String imageId) {
        return next.locations(id(imageId));
    }

    @Override
    public List<ImageLocation> fetchLocations(String imageId) {
        return next.fetchLocations(id(imageId));
    }

    @Override
    public Image addLocation(String imageId, String url, LocationValidation validation) {
        return next.addLocation(id(imageId), url, validation);
    }

    @Override
    public Image removeLocation(String imageId, String url) {
        return next.removeLocation(id(imageId), url);
    }
}
