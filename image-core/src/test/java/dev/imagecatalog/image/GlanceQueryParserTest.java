package dev.imagecatalog.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.SortOrder.Direction;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlanceQueryParserTest {

    /** Parameters from alternating key, value arguments; a repeated key collects its values in order. */
    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    private static ImageQuery parse(String... kv) {
        return ImageQuery.fromParameters(params(kv));
    }

    private static void assertInvalid(String parameter, String... kv) {
        assertThatThrownBy(() -> parse(kv)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + parameter + "'");
    }

    @Test
    void noParametersGiveTheDefaultQuery() {
        ImageQuery q = parse();

        assertThat(q).isEqualTo(ImageQuery.all());
        assertThat(q.sort()).isEqualTo(ImageQuery.DEFAULT_SORT);
        assertThat(q.visibilities()).isNull();
        assertThat(q.memberStatuses()).containsExactly(MemberStatus.ACCEPTED);
        assertThat(q.osHidden()).isFalse();
        assertThat(q.limit()).isNull();
        assertThat(GlanceQueryParser.parse(null)).isEqualTo(ImageQuery.all());
    }

    @Test
    void emptyValueListsAreIgnored() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("name", List.of());
        m.put("sort", List.of());

        assertThat(ImageQuery.fromParameters(m)).isEqualTo(ImageQuery.all());
    }

    // ------------------------------------------------------------------ in: / eq:

    @Test
    void aBareValueIsAnExactMatch() {
        assertThat(parse("name", "cirros").names()).containsExactly("cirros");
        assertThat(parse("id", "abc").ids()).containsExactly("abc");
        assertThat(parse("status", "active").statuses()).containsExactly("active");
        assertThat(parse("disk_format", "qcow2").diskFormats()).containsExactly("qcow2");
        assertThat(parse("container_format", "bare").containerFormats()).containsExactly("bare");
    }

    @Test
    void eqTakesTheRestVerbatimIncludingColons() {
        assertThat(parse("name", "eq:foo:bar").names()).containsExactly("foo:bar");
        assertThat(parse("name", "eq:").names()).containsExactly("");
        assertThat(parse("name", "eq:a,b").names()).containsExactly("a,b");
    }

    @Test
    void eqAcceptsAQuotedValue() {
        assertThat(parse("name", "eq:\"a, \\\"b\\\"\"").names()).containsExactly("a, \"b\"");
    }

    @Test
    void inSplitsAtCommasOutsideQuotes() {
        assertThat(parse("name", "in:a,b,\"c, d\"").names()).containsExactlyInAnyOrder("a", "b", "c, d");
        assertThat(parse("id", "in:x,y").ids()).containsExactlyInAnyOrder("x", "y");
        assertThat(parse("status", "in:active,queued").statuses()).containsExactlyInAnyOrder("active", "queued");
        assertThat(parse("disk_format", "in:raw,qcow2").diskFormats()).containsExactlyInAnyOrder("raw", "qcow2");
        assertThat(parse("container_format", "in:bare,ovf").containerFormats()).containsExactlyInAnyOrder("bare", "ovf");
    }

    @Test
    void inDecodesEscapedQuotesAndBackslashes() {
        assertThat(parse("name", "in:\"say \\\"hi\\\"\",\"back\\\\slash\"").names())
                .containsExactlyInAnyOrder("say \"hi\"", "back\\slash");
        assertThat(parse("name", "in:\"a:b\",c").names()).containsExactlyInAnyOrder("a:b", "c");
    }

    @Test
    void anEmptyElementOfInIsTheEmptyString() {
        assertThat(parse("name", "in:a,,b").names()).containsExactlyInAnyOrder("a", "", "b");
    }

    @Test
    void unknownStatusNamesAreKeptAndMatchNothingLater() {
        assertThat(parse("status", "in:active,bogus").statuses()).containsExactlyInAnyOrder("active", "bogus");
    }

    @Test
    void aValueThatIsAnIsoTimeIsNotSplitAtItsColons() {
        assertThat(parse("name", "2026-01-01T00:00:00Z").names()).containsExactly("2026-01-01T00:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name|gt:a", "name|foo:bar", "id|neq:x", "status|like:act", "disk_format|lt:raw", "container_format|ne:bare"})
    void anyOtherOperatorIsInvalid(String key, String value) {
        assertInvalid(key, key, value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in:\"a", "in:a\"b\"", "in:\"a\"b", "in:\"a\",\"b", "in:x,\"unclosed\\\""})
    void malformedQuotesAreInvalid(String value) {
        assertInvalid("name", "name", value);
    }

    // ------------------------------------------------------------------ visibility, member_status, owner, tags

    @Test
    void visibilityTakesEachValueAndAll() {
        for (Visibility v : Visibility.values()) {
            assertThat(parse("visibility", v.wireName()).visibilities()).containsExactly(v);
        }
        assertThat(parse("visibility", "all").visibilities()).isEqualTo(EnumSet.allOf(Visibility.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Public", "everyone", "in:public,private"})
    void anotherVisibilityIsInvalid(String value) {
        assertInvalid("visibility", "visibility", value);
    }

    @Test
    void memberStatusTakesEachValueAndAll() {
        for (MemberStatus s : MemberStatus.values()) {
            assertThat(parse("member_status", s.wireName()).memberStatuses()).containsExactly(s);
        }
        assertThat(parse("member_status", "all").memberStatuses()).isEqualTo(EnumSet.allOf(MemberStatus.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ACCEPTED", "maybe"})
    void anotherMemberStatusIsInvalid(String value) {
        assertInvalid("member_status", "member_status", value);
    }

    @Test
    void ownerChecksumAndHashAreExact() {
        ImageQuery q = parse("owner", "p1", "checksum", "abc", "os_hash_value", "def");

        assertThat(q.owner()).isEqualTo("p1");
        assertThat(q.checksum()).isEqualTo("abc");
        assertThat(q.osHashValue()).isEqualTo("def");
    }

    @Test
    void tagIsRepeatable() {
        assertThat(parse("tag", "a", "tag", "b", "tag", "a").tags()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aRepeatedSingleValuedParameterIsInvalid() {
        assertInvalid("name", "name", "a", "name", "b");
        assertInvalid("limit", "limit", "1", "limit", "2");
        assertInvalid("os_distro", "os_distro", "a", "os_distro", "b");
    }

    @Test
    void aNullValueIsInvalid() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("owner", java.util.Collections.singletonList(null));

        assertThatThrownBy(() -> ImageQuery.fromParameters(m)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'owner'");
    }

    // ------------------------------------------------------------------ size, protected, os_hidden

    @Test
    void sizeRangeTakesIntegers() {
        ImageQuery q = parse("size_min", "10", "size_max", "20");

        assertThat(q.sizeMin()).isEqualTo(10L);
        assertThat(q.sizeMax()).isEqualTo(20L);
        assertThat(parse("size_max", "9000000000").sizeMax()).isEqualTo(9_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "1.5", "1e3", "99999999999999999999"})
    void aNonIntegerSizeIsInvalid(String value) {
        assertInvalid("size_min", "size_min", value);
        assertInvalid("size_max", "size_max", value);
    }

    @Test
    void protectedTakesLowerCaseTrueOrFalse() {
        assertThat(parse("protected", "true").isProtected()).isTrue();
        assertThat(parse("protected", "false").isProtected()).isFalse();
        assertThat(parse().isProtected()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "True", "FALSE", "yes", "1"})
    void anotherProtectedValueIsInvalid(String value) {
        assertInvalid("protected", "protected", value);
    }

    @Test
    void osHiddenTrueMeansOnlyHidden() {
        assertThat(parse("os_hidden", "true").osHidden()).isTrue();
        assertThat(parse("os_hidden", "false").osHidden()).isFalse();
        assertThat(parse("os_hidden", "True").osHidden()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "1", "hidden"})
    void anotherOsHiddenValueIsInvalid(String value) {
        assertInvalid("os_hidden", "os_hidden", value);
    }

    // ------------------------------------------------------------------ created_at / updated_at

    @ParameterizedTest
    @CsvSource({"gt,GT", "gte,GTE", "eq,EQ", "neq,NEQ", "lt,LT", "lte,LTE"})
    void timeFiltersTakeEachOperator(String op, TimeOp expected) {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");

        assertThat(parse("created_at", op + ":2026-01-02T03:04:05Z").createdAt())
                .containsExactly(new TimeCondition(expected, t));
        assertThat(parse("updated_at", op + ":2026-01-02T03:04:05Z").updatedAt())
                .containsExactly(new TimeCondition(expected, t));
    }

    @Test
    void aBareTimeMeansEq() {
        assertThat(parse("created_at", "2026-01-02T03:04:05Z").createdAt())
                .containsExactly(new TimeCondition(TimeOp.EQ, Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void timesTakeOffsetsFractionsNoZoneAndDates() {
        assertThat(parse("created_at", "lt:2026-01-02T03:04:05+02:00").createdAt())
                .containsExactly(new TimeCondition(TimeOp.LT, Instant.parse("2026-01-02T01:04:05Z")));
        assertThat(parse("created_at", "gte:2026-01-02T03:04:05.250Z").createdAt())
                .containsExactly(new TimeCondition(TimeOp.GTE, Instant.parse("2026-01-02T03:04:05.250Z")));
        assertThat(parse("updated_at", "gt:2026-01-02T03:04:05").updatedAt())
                .containsExactly(new TimeCondition(TimeOp.GT, Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(parse("updated_at", "2026-01-02").updatedAt())
                .containsExactly(new TimeCondition(TimeOp.EQ, Instant.parse("2026-01-02T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "gt:yesterday", "between:2026-01-02T03:04:05Z", "GT:2026-01-02T03:04:05Z",
        "gt:", "2026-13-01T00:00:00Z", "gte:2026-01-02 03:04:05"})
    void aBadTimeOrOperatorIsInvalid(String value) {
        assertInvalid("created_at", "created_at", value);
        assertInvalid("updated_at", "updated_at", value);
    }

    // ------------------------------------------------------------------ properties, changes-since

    @Test
    void anyOtherKeyIsACustomProperty() {
        ImageQuery q = parse("os_distro", "ubuntu", "hw_disk_bus", "in:virtio");

        assertThat(q.properties()).containsOnly(Map.entry("os_distro", "ubuntu"), Map.entry("hw_disk_bus", "in:virtio"));
    }

    @Test
    void changesSinceIsInvalid() {
        assertInvalid("changes-since", "changes-since", "2026-01-01T00:00:00Z");
    }

    // ------------------------------------------------------------------ limit, marker

    @Test
    void limitAndMarker() {
        ImageQuery q = parse("limit", "0", "marker", "abc");

        assertThat(q.limit()).isZero();
        assertThat(q.marker()).isEqualTo("abc");
        assertThat(parse("limit", "5000").limit()).isEqualTo(5000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "ten", "2.5", "99999999999"})
    void aBadLimitIsInvalid(String value) {
        assertInvalid("limit", "limit", value);
    }

    // ------------------------------------------------------------------ sorting

    @Test
    void classicSortWithOneDirectionForAllKeys() {
        assertThat(parse("sort_key", "name", "sort_key", "size", "sort_dir", "asc").sort()).containsExactly(
                new SortOrder(SortKey.NAME, Direction.ASC), new SortOrder(SortKey.SIZE, Direction.ASC));
    }

    @Test
    void classicSortWithOneDirectionPerKey() {
        assertThat(parse("sort_key", "name", "sort_key", "size", "sort_dir", "asc", "sort_dir", "desc").sort())
                .containsExactly(new SortOrder(SortKey.NAME, Direction.ASC), new SortOrder(SortKey.SIZE, Direction.DESC));
    }

    @Test
    void classicSortDefaultsToDescAndCreatedAt() {
        assertThat(parse("sort_key", "status").sort()).containsExactly(new SortOrder(SortKey.STATUS, Direction.DESC));
        assertThat(parse("sort_dir", "asc").sort()).containsExactly(new SortOrder(SortKey.CREATED_AT, Direction.ASC));
    }

    @Test
    void everyAllowedSortKeyParses() {
        for (SortKey k : SortKey.values()) {
            assertThat(parse("sort_key", k.wireName()).sort()).containsExactly(new SortOrder(k, Direction.DESC));
            assertThat(parse("sort", k.wireName() + ":asc").sort()).containsExactly(new SortOrder(k, Direction.ASC));
        }
    }

    @Test
    void newSortSyntaxDefaultsEachDirectionToDesc() {
        assertThat(parse("sort", "name:asc,size, updated_at:desc").sort()).containsExactly(
                new SortOrder(SortKey.NAME, Direction.ASC), new SortOrder(SortKey.SIZE, Direction.DESC),
                new SortOrder(SortKey.UPDATED_AT, Direction.DESC));
    }

    @Test
    void mismatchedSortDirectionCountIsInvalid() {
        assertInvalid("sort_dir", "sort_key", "name", "sort_key", "size", "sort_key", "id",
                "sort_dir", "asc", "sort_dir", "desc");
        assertInvalid("sort_dir", "sort_key", "name", "sort_dir", "asc", "sort_dir", "desc");
    }

    @Test
    void mixingSortSyntaxesIsInvalid() {
        assertInvalid("sort", "sort", "name:asc", "sort_key", "size");
        assertInvalid("sort", "sort", "name:asc", "sort_dir", "asc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "tags", "visibility", "NAME", "", "min_disk"})
    void anUnknownSortKeyIsInvalid(String key) {
        assertInvalid("sort_key", "sort_key", key);
        assertInvalid("sort", "sort", key + ":asc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ascending", "ASC", "up", ""})
    void anUnknownSortDirectionIsInvalid(String dir) {
        assertInvalid("sort_dir", "sort_key", "name", "sort_dir", dir);
        if (!dir.isEmpty()) {
            assertInvalid("sort", "sort", "name:" + dir);
        }
    }

    @Test
    void aTrailingCommaInSortIsInvalid() {
        assertInvalid("sort", "sort", "name:asc,");
    }

    @Test
    void everythingTogether() {
        ImageQuery q = parse("name", "in:a,b", "visibility", "public", "member_status", "pending", "tag", "x",
                "tag", "y", "size_min", "1", "protected", "false", "os_hidden", "true",
                "created_at", "gte:2026-01-01T00:00:00Z", "os_distro", "ubuntu", "sort", "size:asc",
                "limit", "7", "marker", "m");

        assertThat(q.names()).isEqualTo(Set.of("a", "b"));
        assertThat(q.visibilities()).containsExactly(Visibility.PUBLIC);
        assertThat(q.memberStatuses()).containsExactly(MemberStatus.PENDING);
        assertThat(q.tags()).containsExactlyInAnyOrder("x", "y");
        assertThat(q.sizeMin()).isEqualTo(1L);
        assertThat(q.isProtected()).isFalse();
        assertThat(q.osHidden()).isTrue();
        assertThat(q.createdAt()).hasSize(1);
        assertThat(q.properties()).containsOnly(Map.entry("os_distro", "ubuntu"));
        assertThat(q.sort()).containsExactly(new SortOrder(SortKey.SIZE, Direction.ASC));
        assertThat(q.limit()).isEqualTo(7);
        assertThat(q.marker()).isEqualTo("m");
    }
}
