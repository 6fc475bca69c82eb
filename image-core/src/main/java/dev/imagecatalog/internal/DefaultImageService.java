package dev.imagecatalog.internal;

import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
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
import dev.imagecatalog.policy.Policy;
import java.io.InputStream;
import java.util.List;

/**
 * {@link ImageService} bound to one caller: each call goes to the part that does that job (records, members,
 * upload, download, copies between stores, locations), each of which asks {@link AccessControl} first (visibility, then the policy rule, then
 * ownership) and then acts. {@link ImageServiceFactory} builds it.
 */
final class DefaultImageService implements ImageService {
    private final AccessControl access;
    private final ImageRecords records;
    private final ImageMembers members;
    private final UploadFlow uploads;
    private final Downloads downloads;
    private final StoreCopies copies;
    private final ImportFlow imports;
    private final TaskLedger tasks;
    private final ImageLocations locations;
    private final ImageStores stores;
    private final QuotaLedger quotas;

    DefaultImageService(AccessControl access, ImageRecords records, ImageMembers members, UploadFlow uploads,
                        Downloads downloads, StoreCopies copies, ImportFlow imports, TaskLedger tasks,
                        ImageLocations locations, ImageStores stores, QuotaLedger quotas) {
        this.access = access;
        this.records = records;
        this.members = members;
        this.uploads = uploads;
        this.downloads = downloads;
        this.copies = copies;
        this.imports = imports;
        this.tasks = tasks;
        this.locations = locations;
        this.stores = stores;
        this.quotas = quotas;
    }

    @Override
    public Image create(ImageDraft draft) {
        return records.create(draft);
    }

    @Override
    public Image get(String imageId) {
        return records.get(imageId);
    }

    @Override
    public Page<Image> list(ImageQuery query) {
        return records.list(query);
    }

    @Override
    public Image update(String imageId, ImagePatch patch) {
        return records.update(imageId, patch);
    }

    @Override
    public void delete(String imageId) {
        records.delete(imageId);
    }

    @Override
    public Image addTag(String imageId, String tag) {
        return records.addTag(imageId, tag);
    }

    @Override
    public Image removeTag(String imageId, String tag) {
        return records.removeTag(imageId, tag);
    }

    @Override
    public Image deactivate(String imageId) {
        return records.deactivate(imageId);
    }

    @Override
    public Image reactivate(String imageId) {
        return records.reactivate(imageId);
    }

    @Override
    public Image upload(String imageId, InputStream data, UploadOptions options) {
        return uploads.upload(imageId, data, options);
    }

    @Override
    public ImageData download(String imageId, DownloadOptions options) {
        return downloads.download(imageId, options);
    }

    @Override
    public ImageMember addMember(String imageId, String memberId) {
        return members.add(imageId, memberId);
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        return members.list(imageId);
    }

    @Override
    public ImageMember getMember(String imageId, String memberId) {
        return members.get(imageId, memberId);
    }

    @Override
    public ImageMember updateMember(String imageId, String memberId, MemberStatus status) {
        return members.update(imageId, memberId, status);
    }

    @Override
    public void removeMember(String imageId, String memberId) {
        members.remove(imageId, memberId);
    }

    @Override
    public List<QuotaUsage> usage() {
        String project = access.caller().projectId();
        access.authorizeOwnProject(Policy.GET_USAGE, "read the usage of project " + project);
        return quotas.usage(project);
    }

    @Override
    public List<StoreInfo> stores() {
        return stores.info(false);
    }

    @Override
    public List<StoreInfo> storesDetail() {
        access.authorizeOwnProject(Policy.STORES_INFO_DETAIL, "read the stores' detail");
        return stores.info(true);
    }

    @Override
    public Image stage(String imageId, InputStream data, UploadOptions options) {
        return imports.stage(imageId, data, options);
    }

    @Override
    public Task importImage(String imageId, ImportRequest request) {
        return imports.importImage(imageId, request);
    }

    @Override
    public List<Task> tasks(String imageId) {
        access.visible(imageId);
        return tasks.forImage(imageId);
    }

    @Override
    public StoreCopyResult copyToStores(String imageId, List<String> storeIds, boolean allMustSucceed) {
        return copies.copy(imageId, storeIds, allMustSucceed);
    }

    @Override
    public Image deleteFromStore(String imageId, String storeId) {
        return copies.deleteFromStore(imageId, storeId);
    }

    @Override
    public List<ImageLocation> locations(String imageId) {
        return locations.list(imageId);
    }

    @Override
    public List<ImageLocation> fetchLocations(String imageId) {
        return locations.fetch(imageId);
    }

    @Override
    public Image addLocation(String imageId, String url, LocationValidation validation) {
        return locations.add(imageId, url, validation);
    }

    @Override
    public Image removeLocation(String imageId, String url) {
        return locations.remove(imageId, url);
    }
}
