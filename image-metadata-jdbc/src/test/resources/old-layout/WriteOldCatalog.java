import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes a small catalog with the code on the class path: args metadata-url [user password] data-dir. */
public class WriteOldCatalog {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String dataDir = args[args.length - 1];
        Map<String, String> s = new java.util.HashMap<>(Map.of(
                "metadata.type", "jdbc", "metadata.jdbc.url", url,
                "stores", "local", "stores.default", "local",
                "store.local.type", "filesystem", "store.local.datadir", dataDir));
        if (args.length == 4) {
            s.put("metadata.jdbc.user", args[1]);
            s.put("metadata.jdbc.password", args[2]);
        }
        try (ImageCatalog catalog = ImageCatalog.builder().settings(s).build()) {
            ImageService a = catalog.images(RequestContext.member("project-a", "user-a"));
            ImageService admin = catalog.images(RequestContext.admin("project-a", "admin-a"));
            ImageService b = catalog.images(RequestContext.member("project-b", "user-b"));

            a.create(ImageDraft.builder().id("0a000000-0000-4000-8000-000000000001").name("cirros-active")
                    .diskFormat("raw").containerFormat("bare").visibility(Visibility.SHARED).minDisk(1).minRam(64)
                    .tag("old").tag("layout").property("os_distro", "cirros").property("hw_disk_bus", "virtio")
                    .build());
            a.upload("0a000000-0000-4000-8000-000000000001", new ByteArrayInputStream(bytes("active")));
            a.addMember("0a000000-0000-4000-8000-000000000001", "project-b");
            b.updateMember("0a000000-0000-4000-8000-000000000001", "project-b", MemberStatus.ACCEPTED);
            a.addMember("0a000000-0000-4000-8000-000000000001", "project-c");

            a.create(ImageDraft.builder().id("0a000000-0000-4000-8000-000000000002").name("queued-draft")
                    .diskFormat("qcow2").containerFormat("bare").visibility(Visibility.PRIVATE).isProtected(true)
                    .tag("draft").property("note", "no data yet").build());

            admin.create(ImageDraft.builder().id("0a000000-0000-4000-8000-000000000003").name("public-deactivated")
                    .owner("project-a").diskFormat("raw").containerFormat("bare").visibility(Visibility.PUBLIC)
                    .property("os_distro", "debian").build());
            admin.upload("0a000000-0000-4000-8000-000000000003", new ByteArrayInputStream(bytes("deactivated")));
            admin.deactivate("0a000000-0000-4000-8000-000000000003");
            System.out.println("catalog id " + catalog.catalogId());
        }
    }

    /** The bytes of an image of the old-layout fixture: one line repeated (the upgrade test makes the same). */
    static byte[] bytes(String name) {
        return ("imagecatalog old-layout fixture image " + name + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
    }
}
