package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation: for every operation x visibility x caller the outcome matches a table taken from Glance's
 * rules (glance-v2-semantics sections 3.2, 6 and 13: {@code is_image_visible}, the secure-RBAC policy defaults and
 * the members API), and no list leaks an image through any filter, sort or marker. A metadata module extends it
 * and returns a fresh catalog over its back-end from {@link #createCatalog(Map)}.
 *
 * <p>The matrix shares one catalog per class (each case uses its own project ids); the list-leak tests build
 * their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ImageIsolationContract {

    /** A fresh, empty catalog over the back-end under test with {@code settings} added (core keys). */
    protected abstract ImageCatalog createCatalog(Map<String, String> settings) throws Exception;

    /** Who calls. The member callers are projects the image was shared with, with that member status. */
    public enum Caller { OWNER, PENDING, ACCEPTED, REJECTED, NON_MEMBER, ADMIN, READER }

    /** Every operation checked. */
    public enum Op {
        CREATE, GET, LIST, LIST_ALL, LIST_COMMUNITY, LIST_SHARED_PENDING, DOWNLOAD, DOWNLOAD_DEACTIVATED, UPDATE, ADD_TAG,
        REMOVE_TAG, DELETE, DEACTIVATE, REACTIVATE, UPLOAD, ADD_MEMBER, LIST_MEMBERS, GET_MEMBER, UPDATE_MEMBER,
        REMOVE_MEMBER
    }

    /*
     * The expected outcome per caller, in Caller order: OWNER PENDING ACCEPTED REJECTED NON_MEMBER ADMIN READER.
     * O = allowed, N = NotFoundException, F = ForbiddenException, L = listed, - = not listed,
     * A = allowed and every member record returned, S = allowed and only the caller's own record returned.
     * READER has only the reader role, in the owner's project. Member records are created while the image is
     * shared; the image then gets its visibility (members of a non-shared image gain nothing).
     */
    private static final String[][] TABLE = {
        // op                      public           community        shared           private
        // CREATE: the caller creates an image with that visibility in its own project
        {"CREATE",               "F F F F F O F", "O O O O O O F", "O O O O O O F", "O O O O O O F"},
        {"GET",                  "O O O O O O O", "O O O O O O O", "O O O O N O O", "O N N N N O O"},
        {"LIST",                 "L L L L L L L", "L - - - - - L", "L - L - - L L", "L - - - - L L"},
        {"LIST_ALL",             "L L L L L L L", "L L L L L L L", "L - L - - L L", "L - - - - L L"},
        {"LIST_COMMUNITY",       "- - - - - - -", "L L L L L L L", "- - - - - - -", "- - - - - - -"},
        {"LIST_SHARED_PENDING",  "- - - - - - -", "- - - - - - -", "L L - - - L L", "- - - - - - -"},
        {"DOWNLOAD",             "O O O O O O F", "O O O O O O F", "O O O O N O F", "O N N N N O F"},
        {"DOWNLOAD_DEACTIVATED", "F F F F F O F", "F F F F F O F", "F F F F N O F", "F N N N N O F"},
        {"UPDATE",               "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"ADD_TAG",              "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"REMOVE_TAG",           "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"DELETE",               "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"DEACTIVATE",           "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"REACTIVATE",           "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"UPLOAD",               "O F F F F O F", "O F F F F O F", "O F F F N O F", "O N N N N O F"},
        {"ADD_MEMBER",           "F F F F F F F", "F F F F F F F", "O F F F N O F", "F N N N N F F"},
        {"LIST_MEMBERS",         "F F F F F F F", "F F F F F F F", "A S S S N A A", "F N N N N F F"},
        {"GET_MEMBER",           "N N N N N N N", "N N N N N N N", "O O N N N O O", "N N N N N N N"},
        {"UPDATE_MEMBER",        "F F F F F F F", "F F F F F F F", "F O O O N O F", "F N N N N F F"},
        {"REMOVE_MEMBER",        "F F F F F F F", "F F F F F F F", "O F F F N O F", "F N N N N F F"},
    };

    private static final Visibility[] COLUMNS = {Visibility.PUBLIC, Visibility.COMMUNITY, Visibility.SHARED,
        Visibility.PRIVATE};
    private static final byte[] DATA = "isolation-matrix-image-data".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private ImageCatalog shared;
    private final AtomicInteger cases = new AtomicInteger();

    /** The matrix's catalog, built on first use (after the subclass's own set-up, e.g. its database). */
    private synchronized ImageCatalog shared() {
        if (shared == null) {
            try {
                shared = createCatalog(Map.of());
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the catalog under test", e);
            }
        }
        return shared;
    }

    @AfterAll
    void closeSharedCatalog() {
        if (shared != null) {
            shared.close();
        }
    }

    /**
     * Called in each matrix case whose image has data, once it has its members and visibility, before it is
     * deactivated (the cases that deactivate it) and before the caller acts: a subclass may fill a cache here.
     * Default: nothing.
     */
    protected void prepared(ImageCatalog catalog, Op op, String imageId) throws Exception {
    }

    /** Called in each matrix case after the caller acted, with the outcome's code. Default: nothing. */
    protected void acted(ImageCatalog catalog, Op op, Caller caller, String imageId, String outcome)
            throws Exception {
    }

    Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        assertThat(TABLE.length).isEqualTo(Op.values().length);
        for (String[] row : TABLE) {
            Op op = Op.valueOf(row[0]);
            for (int v = 0; v < COLUMNS.length; v++) {
                String[] codes = row[v + 1].split(" ");
                assertThat(codes).hasSize(Caller.values().length);
                for (Caller c : Caller.values()) {
                    out.add(Arguments.of(op, COLUMNS[v], c, codes[c.ordinal()]));
                }
            }
        }
        return out.stream();
    }

    /** The projects of one case. */
    private final class Case {
        final String prefix = "iso" + cases.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        final String ownerProject = prefix + "owner";
        final Map<Caller, RequestContext> contexts = new EnumMap<>(Caller.class);
        Image image;
        Visibility visibility;

        Case() {
            contexts.put(Caller.OWNER, RequestContext.member(ownerProject, "olivia"));
            contexts.put(Caller.PENDING, RequestContext.member(prefix + "pending", "paul"));
            contexts.put(Caller.ACCEPTED, RequestContext.member(prefix + "accepted", "ada"));
            contexts.put(Caller.REJECTED, RequestContext.member(prefix + "rejected", "rita"));
            contexts.put(Caller.NON_MEMBER, RequestContext.member(prefix + "stranger", "sam"));
            contexts.put(Caller.ADMIN, RequestContext.admin(prefix + "ops", "root"));
            contexts.put(Caller.READER, RequestContext.reader(ownerProject, "rory"));
        }

        ImageService as(Caller c) {
            return shared().images(contexts.get(c));
        }

        String project(Caller c) {
            return contexts.get(c).projectId();
        }
    }

    @ParameterizedTest(name = "{0} on a {1} image by {2} -> {3}")
    @MethodSource("matrix")
    void operationOutcomeMatchesGlance(Op op, Visibility visibility, Caller caller, String expected)
            throws Exception {
        Case k = new Case();
        ImageService owner = k.as(Caller.OWNER);
        Image img = owner.create(ImageDraft.builder().name(k.prefix + "img").diskFormat("raw")
                .containerFormat("bare").tag("t").build());
        if (op != Op.UPLOAD) {
            owner.upload(img.id(), new ByteArrayInputStream(DATA));
        }
        for (Caller m : List.of(Caller.PENDING, Caller.ACCEPTED, Caller.REJECTED)) {
            owner.addMember(img.id(), k.project(m));
        }
        k.as(Caller.ACCEPTED).updateMember(img.id(), k.project(Caller.ACCEPTED), MemberStatus.ACCEPTED);
        k.as(Caller.REJECTED).updateMember(img.id(), k.project(Caller.REJECTED), MemberStatus.REJECTED);
        if (visibility == Visibility.PUBLIC) {
            k.as(Caller.ADMIN).update(img.id(), ImagePatch.builder().replace("visibility", "public").build());
        } else if (visibility != Visibility.SHARED) {
            owner.update(img.id(), ImagePatch.builder().replace("visibility", visibility.wireName()).build());
        }
        if (op != Op.UPLOAD) {
            prepared(shared(), op, img.id());
        }
        if (op == Op.DOWNLOAD_DEACTIVATED || op == Op.REACTIVATE) {
            k.as(Caller.ADMIN).deactivate(img.id());
        }
        k.image = img;
        k.visibility = visibility;

        String actual = outcome(op, k, caller);
        acted(shared(), op, caller, img.id(), actual);
        assertThat(actual).as("%s on a %s image by %s", op, visibility, caller).isEqualTo(expected);

        // what the owner sees afterwards confirms a refused call changed nothing
        if (!expected.equals("O") && op != Op.UPLOAD) {
            Image after = owner.get(img.id());
            assertThat(after.name()).isEqualTo(k.prefix + "img");
            assertThat(after.tags()).containsExactly("t");
            if (visibility == Visibility.SHARED) {
                assertThat(owner.listMembers(img.id())).hasSize(3);
            }
        }
    }

    private String outcome(Op op, Case k, Caller caller) {
        ImageService s = k.as(caller);
        String id = k.image.id();
        try {
            switch (op) {
                case CREATE: {
                    Image created = s.create(ImageDraft.builder().name(k.prefix + "created")
                            .visibility(k.visibility).build());
                    assertThat(created.owner()).isEqualTo(k.project(caller));
                    assertThat(created.visibility()).isEqualTo(k.visibility);
                    return "O";
                }
                case GET:
                    assertThat(s.get(id).id()).isEqualTo(id);
                    return "O";
                case LIST:
                    return listed(s, ImageQuery.builder().names(k.prefix + "img").build(), id);
                case LIST_ALL:
                    return listed(s, ImageQuery.builder().names(k.prefix + "img").allVisibilities().build(), id);
                case LIST_COMMUNITY:
                    return listed(s, ImageQuery.builder().names(k.prefix + "img").visibility(Visibility.COMMUNITY)
                            .build(), id);
                case LIST_SHARED_PENDING:
                    return listed(s, ImageQuery.builder().names(k.prefix + "img").visibility(Visibility.SHARED)
                            .memberStatus(MemberStatus.PENDING).build(), id);
                case DOWNLOAD:
                case DOWNLOAD_DEACTIVATED:
                    try (ImageData d = s.download(id); InputStream in = d.stream()) {
                        assertThat(in.readAllBytes()).isEqualTo(DATA);
                    }
                    return "O";
                case UPDATE:
                    assertThat(s.update(id, ImagePatch.builder().replace("name", "renamed").build()).name())
                            .isEqualTo("renamed");
                    return "O";
                case ADD_TAG:
                    assertThat(s.addTag(id, "new").tags()).contains("new");
                    return "O";
                case REMOVE_TAG:
                    assertThat(s.removeTag(id, "t").tags()).doesNotContain("t");
                    return "O";
                case DELETE:
                    s.delete(id);
                    assertThatThrownBy(() -> k.as(Caller.OWNER).get(id)).isInstanceOf(NotFoundException.class);
                    return "O";
                case DEACTIVATE:
                    assertThat(s.deactivate(id).status().wireName()).isEqualTo("deactivated");
                    return "O";
                case REACTIVATE:
                    assertThat(s.reactivate(id).status().wireName()).isEqualTo("active");
                    return "O";
                case UPLOAD:
                    assertThat(s.upload(id, new ByteArrayInputStream(DATA)).size()).isEqualTo((long) DATA.length);
                    return "O";
                case ADD_MEMBER:
                    ImageMember added = s.addMember(id, k.prefix + "newcomer");
                    assertThat(added.status()).isEqualTo(MemberStatus.PENDING);
                    return "O";
                case LIST_MEMBERS: {
                    List<ImageMember> members = s.listMembers(id);
                    Set<String> ids = new HashSet<>();
                    members.forEach(m -> ids.add(m.memberId()));
                    if (ids.equals(Set.of(k.project(Caller.PENDING), k.project(Caller.ACCEPTED),
                            k.project(Caller.REJECTED)))) {
                        return "A";
                    }
                    assertThat(ids).containsExactly(k.project(caller));
                    return "S";
                }
                case GET_MEMBER:
                    assertThat(s.getMember(id, k.project(Caller.PENDING)).memberId())
                            .isEqualTo(k.project(Caller.PENDING));
                    return "O";
                case UPDATE_MEMBER: {
                    boolean member = caller == Caller.PENDING || caller == Caller.ACCEPTED || caller == Caller.REJECTED;
                    String target = member ? k.project(caller) : k.project(Caller.PENDING);
                    assertThat(s.updateMember(id, target, MemberStatus.ACCEPTED).status())
                            .isEqualTo(MemberStatus.ACCEPTED);
                    return "O";
                }
                case REMOVE_MEMBER:
                    s.removeMember(id, k.project(Caller.PENDING));
                    assertThat(k.as(Caller.OWNER).listMembers(id)).extracting(ImageMember::memberId)
                            .doesNotContain(k.project(Caller.PENDING));
                    return "O";
                default:
                    throw new AssertionError(op);
            }
        } catch (NotFoundException e) {
            return "N";
        } catch (ForbiddenException e) {
            return "F";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String listed(ImageService s, ImageQuery q, String id) {
        List<String> ids = new ArrayList<>();
        s.list(q).items().forEach(i -> ids.add(i.id()));
        assertThat(ids).hasSizeLessThanOrEqualTo(1);
        return ids.contains(id) ? "L" : "-";
    }

    // ------------------------------------------------------------------ list leaks

    /** An image of the leak fixture and what the oracle needs to know of it. */
    private record Fixture(Image image, Map<String, MemberStatus> members) {
    }

    /** A caller of the leak test. */
    private record Who(String name, RequestContext ctx) {
    }

    /** Glance's list rule (section 3.2), independent of the implementation. */
    private static boolean listable(Who who, Fixture f, ImageQuery q) {
        Image i = f.image();
        if (i.osHidden() != q.osHidden()) {
            return false;
        }
        boolean owned = i.owner() != null && i.owner().equals(who.ctx().projectId());
        Set<Visibility> asked = q.visibilities();
        if (asked != null && !asked.contains(i.visibility())) {
            return false;
        }
        if (i.visibility() == Visibility.COMMUNITY && !owned && asked == null) {
            return false;
        }
        if (who.ctx().isAdmin() || owned) {
            return true;
        }
        switch (i.visibility()) {
            case PUBLIC:
            case COMMUNITY:
                return true;
            case SHARED:
                MemberStatus s = f.members().get(who.ctx().projectId());
                return s != null && q.memberStatuses().contains(s);
            default:
                return false;
        }
    }

    /** Whether the caller may see the image at all (Glance's is_image_visible): the bound no list may pass. */
    private static boolean visibleTo(Who who, Fixture f) {
        Image i = f.image();
        boolean owned = i.owner() != null && i.owner().equals(who.ctx().projectId());
        return who.ctx().isAdmin() || owned || i.visibility() == Visibility.PUBLIC
                || i.visibility() == Visibility.COMMUNITY
                || (i.visibility() == Visibility.SHARED && f.members().containsKey(who.ctx().projectId()));
    }

    private record Filter(String name, Predicate<Image> matches, java.util.function.UnaryOperator<ImageQuery.Builder> apply) {
    }

    @Test
    void listsNeverLeakThroughAnyFilterSortOrMarker() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of())) {
            RequestContext a = RequestContext.member("leak-a", "alice");
            RequestContext b = RequestContext.member("leak-b", "bob");
            RequestContext c = RequestContext.member("leak-c", "carol");
            RequestContext d = RequestContext.member("leak-d", "dave");
            RequestContext admin = RequestContext.admin("leak-ops", "root");
            ImageService as = catalog.images(a);
            ImageService ds = catalog.images(d);
            ImageService adm = catalog.images(admin);
            List<Fixture> fixtures = new ArrayList<>();
            int n = 0;
            for (ImageService owner : List.of(as, ds)) {
                String o = owner == as ? "leak-a" : "leak-d";
                for (Visibility v : Visibility.values()) {
                    for (boolean hidden : new boolean[] {false, true}) {
                        n++;
                        ImageDraft.Builder draft = ImageDraft.builder().name("n" + (n % 3)).diskFormat(n % 2 == 0 ? "raw" : "qcow2")
                                .containerFormat("bare").tag("common").tag("t" + (n % 4)).property("k", "v" + (n % 2))
                                .isProtected(n % 3 == 0).osHidden(hidden);
                        Image img = owner.create(draft.build());
                        if (n % 2 == 0) {
                            owner.upload(img.id(), new ByteArrayInputStream(new byte[n]));
                        }
                        Map<String, MemberStatus> members = new HashMap<>();
                        if (v == Visibility.SHARED || n % 5 == 0) {
                            // members of every shared image; some images keep members after leaving shared
                            for (RequestContext m : List.of(b, c)) {
                                if (m.projectId().equals(o)) {
                                    continue;
                                }
                                owner.addMember(img.id(), m.projectId());
                            }
                            catalog.images(b).updateMember(img.id(), "leak-b",
                                    n % 3 == 0 ? MemberStatus.REJECTED : MemberStatus.ACCEPTED);
                            members.put("leak-b", n % 3 == 0 ? MemberStatus.REJECTED : MemberStatus.ACCEPTED);
                            members.put("leak-c", MemberStatus.PENDING);
                        }
                        if (v == Visibility.PUBLIC) {
                            adm.update(img.id(), ImagePatch.builder().replace("visibility", "public").build());
                        } else if (v != Visibility.SHARED) {
                            owner.update(img.id(), ImagePatch.builder().replace("visibility", v.wireName()).build());
                            members.clear(); // a non-shared image's member records grant nothing
                        }
                        fixtures.add(new Fixture(adm.get(img.id()), members));
                    }
                }
            }
            // an ownerless public image, and one killed... the catalog cannot make killed images: skip
            List<Who> callers = List.of(new Who("owner a", a), new Who("member b", b), new Who("pending c", c),
                    new Who("owner d", d), new Who("admin", admin), new Who("reader a", RequestContext.reader("leak-a", "rory")),
                    new Who("stranger", RequestContext.member("leak-x", "xavier")));
            List<Filter> filters = new ArrayList<>();
            filters.add(new Filter("none", i -> true, qb -> qb));
            filters.add(new Filter("name", i -> "n1".equals(i.name()), qb -> qb.names("n1")));
            filters.add(new Filter("status active", i -> i.status().wireName().equals("active"), qb -> qb.statusNames(List.of("active"))));
            filters.add(new Filter("disk_format", i -> "raw".equals(i.diskFormat()), qb -> qb.diskFormats("raw")));
            filters.add(new Filter("owner d", i -> "leak-d".equals(i.owner()), qb -> qb.owner("leak-d")));
            filters.add(new Filter("tag", i -> i.tags().contains("t1"), qb -> qb.tag("t1")));
            filters.add(new Filter("property", i -> "v1".equals(i.properties().get("k")), qb -> qb.property("k", "v1")));
            filters.add(new Filter("size_min", i -> i.size() != null && i.size() >= 4, qb -> qb.sizeMin(4L)));
            filters.add(new Filter("protected", Image::isProtected, qb -> qb.isProtected(true)));
            filters.add(new Filter("visibility all", i -> true, qb -> qb.allVisibilities()));
            for (Visibility v : Visibility.values()) {
                filters.add(new Filter("visibility " + v, i -> true, qb -> qb.visibility(v)));
            }
            for (MemberStatus ms : MemberStatus.values()) {
                filters.add(new Filter("member_status " + ms, i -> true, qb -> qb.memberStatus(ms)));
                filters.add(new Filter("shared + member_status " + ms, i -> true,
                        qb -> qb.visibility(Visibility.SHARED).memberStatus(ms)));
            }
            filters.add(new Filter("member_status all", i -> true, qb -> qb.allMemberStatuses()));
            filters.add(new Filter("hidden", i -> true, qb -> qb.osHidden(true)));
            filters.add(new Filter("hidden + all", i -> true, qb -> qb.osHidden(true).allVisibilities().allMemberStatuses()));
            List<SortKey> sorts = new ArrayList<>(List.of(SortKey.values()));
            for (Who who : callers) {
                ImageService s = catalog.images(who.ctx());
                for (Filter f : filters) {
                    ImageQuery probe = f.apply().apply(ImageQuery.builder()).build();
                    Set<String> expected = new HashSet<>();
                    for (Fixture fx : fixtures) {
                        if (f.matches().test(fx.image()) && listable(who, fx, probe)) {
                            assertThat(visibleTo(who, fx)).as("oracle consistency").isTrue();
                            expected.add(fx.image().id());
                        }
                    }
                    for (SortKey key : sorts) {
                        for (SortOrder.Direction dir : SortOrder.Direction.values()) {
                            for (int pageSize : new int[] {1, 3, 1000}) {
                                List<String> got = new ArrayList<>();
                                String marker = null;
                                for (int pages = 0; pages < 100; pages++) {
                                    ImageQuery q = f.apply().apply(ImageQuery.builder()).sort(key, dir)
                                            .limit(pageSize).marker(marker).build();
                                    Page<Image> page = s.list(q);
                                    page.items().forEach(i -> got.add(i.id()));
                                    if (page.nextMarker().isEmpty()) {
                                        break;
                                    }
                                    marker = page.nextMarker().get();
                                }
                                assertThat(got).as("%s, filter %s, sort %s %s, pages of %d", who.name(), f.name(), key,
                                        dir, pageSize).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
                            }
                        }
                    }
                }
            }
            // a marker the caller may not see is the same invalid input as an unknown one: no existence leak
            Fixture dPrivate = fixtures.stream().filter(fx -> "leak-d".equals(fx.image().owner())
                    && fx.image().visibility() == Visibility.PRIVATE).findFirst().orElseThrow();
            Fixture dSharedNoMembers = fixtures.stream().filter(fx -> "leak-d".equals(fx.image().owner())
                    && fx.image().visibility() == Visibility.SHARED).findFirst().orElseThrow();
            for (Who who : List.of(callers.get(0), callers.get(1), callers.get(2), callers.get(6))) {
                ImageService s = catalog.images(who.ctx());
                for (Fixture hiddenFromCaller : List.of(dPrivate)) {
                    assertThat(visibleTo(who, hiddenFromCaller)).isFalse();
                    Throwable t1 = org.assertj.core.api.Assertions.catchThrowable(() -> s.list(ImageQuery.builder()
                            .marker(hiddenFromCaller.image().id()).build()));
                    Throwable t2 = org.assertj.core.api.Assertions.catchThrowable(() -> s.list(ImageQuery.builder()
                            .marker(UUID.randomUUID().toString()).build()));
                    assertThat(t1).as(who.name()).isInstanceOf(InvalidInputException.class);
                    assertThat(t2).isInstanceOf(InvalidInputException.class);
                    assertThat(t1.getMessage().replace(hiddenFromCaller.image().id(), "ID"))
                            .isEqualTo(t2.getMessage().replaceAll("[0-9a-f-]{36}", "ID"));
                    assertThatThrownBy(() -> s.get(hiddenFromCaller.image().id())).isInstanceOf(NotFoundException.class);
                }
                if (!dSharedNoMembers.members().containsKey(who.ctx().projectId())
                        && !"leak-d".equals(who.ctx().projectId())) {
                    assertThatThrownBy(() -> s.list(ImageQuery.builder().marker(dSharedNoMembers.image().id()).build()))
                            .isInstanceOf(InvalidInputException.class);
                }
            }
        }
    }

    @Test
    void membershipStatusChangesMoveAnImageInAndOutOfTheDefaultListButNeverOutOfReach() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of())) {
            ImageService owner = catalog.images(RequestContext.member("st-a", "alice"));
            ImageService member = catalog.images(RequestContext.member("st-b", "bob"));
            Image img = owner.create(ImageDraft.builder().name("s").build());
            assertThatThrownBy(() -> member.get(img.id())).isInstanceOf(NotFoundException.class);
            owner.addMember(img.id(), "st-b");
            assertThat(member.get(img.id()).id()).isEqualTo(img.id());
            assertThat(member.list(ImageQuery.all()).items()).isEmpty();
            assertThat(member.list(ImageQuery.builder().memberStatus(MemberStatus.PENDING).build()).items())
                    .extracting(Image::id).containsExactly(img.id());
            for (MemberStatus s : List.of(MemberStatus.ACCEPTED, MemberStatus.REJECTED, MemberStatus.PENDING,
                    MemberStatus.ACCEPTED)) {
                member.updateMember(img.id(), "st-b", s);
                assertThat(member.getMember(img.id(), "st-b").status()).isEqualTo(s);
                assertThat(member.list(ImageQuery.all()).items().isEmpty()).isEqualTo(s != MemberStatus.ACCEPTED);
                assertThat(member.get(img.id()).id()).isEqualTo(img.id());
            }
            assertThatThrownBy(() -> owner.addMember(img.id(), "st-b")).isInstanceOf(dev.imagecatalog.error.ConflictException.class);
            assertThatThrownBy(() -> member.addMember(img.id(), "st-c")).isInstanceOf(ForbiddenException.class);
            owner.removeMember(img.id(), "st-b");
            assertThatThrownBy(() -> member.get(img.id())).isInstanceOf(NotFoundException.class);
            assertThat(member.list(ImageQuery.builder().allMemberStatuses().build()).items()).isEmpty();
        }
    }
}
