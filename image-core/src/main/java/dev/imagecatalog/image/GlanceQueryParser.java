package dev.imagecatalog.image;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.SortOrder.Direction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses Glance's {@code GET /v2/images} query parameters into {@link ImageQuery}
 * ({@code glance/api/v2/images.py RequestDeserializer.index} and {@code glance/db/sqlalchemy/api.py
 * _make_conditions_from_filters}). Every parameter Glance answers with 400 is an {@link InvalidInputException}
 * whose message names the parameter.
 */
final class GlanceQueryParser {
    private static final Set<String> SORT_PARAMETERS = Set.of("sort", "sort_key", "sort_dir");

    private GlanceQueryParser() {
    }

    static ImageQuery parse(Map<String, ? extends List<String>> parameters) {
        ImageQuery.Builder q = ImageQuery.builder();
        if (parameters == null) {
            return q.build();
        }
        boolean newSort = present(parameters, "sort");
        if (newSort && (present(parameters, "sort_key") || present(parameters, "sort_dir"))) {
            throw new InvalidInputException("invalid parameter 'sort': the sort and sort_key/sort_dir syntaxes cannot be combined");
        }
        for (Map.Entry<String, ? extends List<String>> e : parameters.entrySet()) {
            String key = e.getKey();
            List<String> values = e.getValue();
            if (key == null || values == null || values.isEmpty() || SORT_PARAMETERS.contains(key)) {
                continue;
            }
            if (key.equals("tag")) {
                for (String tag : values) {
                    q.tag(nonNull(key, tag));
                }
                continue;
            }
            if (values.size() > 1) {
                throw new InvalidInputException("invalid parameter '" + key + "': given " + values.size()
                        + " times, expected once");
            }
            String value = nonNull(key, values.get(0));
            switch (key) {
                case "name": q.names(matchList(key, value)); break;
                case "id": q.ids(matchList(key, value)); break;
                case "status": q.statusNames(matchList(key, value)); break;
                case "disk_format": q.diskFormats(matchList(key, value)); break;
                case "container_format": q.containerFormats(matchList(key, value)); break;
                case "visibility":
                    if (value.equals("all")) {
                        q.allVisibilities();
                    } else if (isVisibility(value)) {
                        q.visibility(Visibility.fromWireName(value));
                    } else {
                        throw new InvalidInputException("invalid value '" + value + "' for parameter 'visibility':"
                                + " expected one of public, private, shared, community, all");
                    }
                    break;
                case "member_status": parseMemberStatus(q, value); break;
                case "owner": q.owner(value); break;
                case "size_min": q.sizeMin(integer(key, value)); break;
                case "size_max": q.sizeMax(integer(key, value)); break;
                case "protected":
                    if (value.equals("true") || value.equals("false")) {
                        q.isProtected(Boolean.valueOf(value));
                    } else {
                        throw new InvalidInputException("invalid value '" + value + "' for parameter 'protected':"
                                + " expected true or false");
                    }
                    break;
                case "os_hidden": {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new InvalidInputException("invalid value '" + value + "' for parameter 'os_hidden':"
                                + " expected true or false");
                    }
                    q.osHidden(v.equals("true"));
                    break;
                }
                case "created_at": {
                    TimeFilter t = timeFilter(key, value);
                    q.createdAt(t.op, t.instant);
                    break;
                }
                case "updated_at": {
                    TimeFilter t = timeFilter(key, value);
                    q.updatedAt(t.op, t.instant);
                    break;
                }
                case "checksum": q.checksum(value); break;
                case "os_hash_value": q.osHashValue(value); break;
                case "limit": q.limit(limit(value)); break;
                case "marker": q.marker(value); break;
                case "changes-since":
                    throw new InvalidInputException("invalid parameter 'changes-since': removed in the v2 API;"
                            + " use updated_at=gte:<time>");
                default: q.property(key, value); break;
            }
        }
        parseSort(parameters, q, newSort);
        return q.build();
    }

    private static boolean present(Map<String, ? extends List<String>> parameters, String key) {
        List<String> v = parameters.get(key);
        return v != null && !v.isEmpty();
    }

    private static String nonNull(String key, String value) {
        if (value == null) {
            throw new InvalidInputException("invalid parameter '" + key + "': a value is required");
        }
        return value;
    }

    private static boolean isVisibility(String value) {
        for (Visibility v : Visibility.values()) {
            if (v.wireName().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void parseMemberStatus(ImageQuery.Builder q, String value) {
        if (value.equals("all")) {
            q.allMemberStatuses();
            return;
        }
        for (MemberStatus s : MemberStatus.values()) {
            if (s.wireName().equals(value)) {
                q.memberStatus(s);
                return;
            }
        }
        throw new InvalidInputException("invalid value '" + value + "' for parameter 'member_status':"
                + " expected one of accepted, pending, rejected, all");
    }

    private static long integer(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                    + "': expected an integer", e);
        }
    }

    private static int limit(String value) {
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter 'limit':"
                    + " expected a non-negative integer", e);
        }
        if (limit < 0) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter 'limit':"
                    + " expected a non-negative integer");
        }
        return limit;
    }

    // ------------------------------------------------------------------ in: / eq:

    /**
     * Glance's {@code split_filter_op} for the list filters: {@code in:a,"b, c"} is a list, {@code eq:v} and a bare
     * {@code v} one value; any other {@code op:} is refused (a value with a colon must be written {@code eq:a:b}).
     */
    static Set<String> matchList(String key, String value) {
        int colon = value.indexOf(':');
        if (colon < 0 || parseTime(value) != null) {
            return Set.of(value);
        }
        String op = value.substring(0, colon);
        String operand = value.substring(colon + 1);
        switch (op) {
            case "in":
                return new LinkedHashSet<>(splitQuoted(key, operand));
            case "eq":
                if (operand.length() >= 2 && operand.startsWith("\"") && operand.endsWith("\"")) {
                    List<String> one = splitQuoted(key, operand);
                    if (one.size() == 1) {
                        return Set.of(one.get(0));
                    }
                }
                return Set.of(operand);
            default:
                throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                        + "': unknown operator '" + op + "' (expected in: or eq:; write a value with ':' as eq:"
                        + value + ")");
        }
    }

    /**
     * Splits {@code a,"b, c",d} at commas outside double quotes; inside quotes {@code \"} is a quote and
     * {@code \\} a backslash. A quote must follow a comma (or start the value) and be followed by one (or end it),
     * and must be closed (Glance's {@code validate_quotes}).
     */
    static List<String> splitQuoted(String key, String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (true) {
            StringBuilder item = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                        item.append(s.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        item.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new InvalidInputException("invalid value '" + s + "' for parameter '" + key
                            + "': the quote is not closed");
                }
                if (i < n && s.charAt(i) != ',') {
                    throw new InvalidInputException("invalid value '" + s + "' for parameter '" + key
                            + "': no comma after the closing quotation mark");
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '"') {
                        item.append('"');
                        i += 2;
                    } else if (c == '"') {
                        throw new InvalidInputException("invalid value '" + s + "' for parameter '" + key
                                + "': no comma before the opening quotation mark");
                    } else {
                        item.append(c);
                        i++;
                    }
                }
            }
            out.add(item.toString());
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    // ------------------------------------------------------------------ times

    private record TimeFilter(TimeOp op, Instant instant) {
    }

    private static TimeFilter timeFilter(String key, String value) {
        Instant whole = parseTime(value);
        if (whole != null) {
            return new TimeFilter(TimeOp.EQ, whole);
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                    + "': expected an ISO 8601 time, optionally after an operator (gt:, gte:, eq:, neq:, lt:, lte:)");
        }
        String opName = value.substring(0, colon);
        TimeOp op;
        try {
            op = TimeOp.valueOf(opName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                    + "': unknown operator '" + opName + "' (expected gt, gte, eq, neq, lt or lte)", e);
        }
        if (!opName.equals(opName.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                    + "': unknown operator '" + opName + "' (expected gt, gte, eq, neq, lt or lte)");
        }
        Instant t = parseTime(value.substring(colon + 1));
        if (t == null) {
            throw new InvalidInputException("invalid value '" + value + "' for parameter '" + key
                    + "': '" + value.substring(colon + 1) + "' is not an ISO 8601 time");
        }
        return new TimeFilter(op, t);
    }

    /** An ISO 8601 date-time (with offset or Z; without one it is UTC) or date (midnight UTC), else null. */
    static Instant parseTime(String s) {
        if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    // ------------------------------------------------------------------ sorting

    private static void parseSort(Map<String, ? extends List<String>> parameters, ImageQuery.Builder q, boolean newSort) {
        if (newSort) {
            for (String value : parameters.get("sort")) {
                for (String part : nonNull("sort", value).trim().split(",", -1)) {
                    int colon = part.indexOf(':');
                    String key = (colon < 0 ? part : part.substring(0, colon)).trim();
                    String dir = colon < 0 ? "" : part.substring(colon + 1).trim();
                    q.sort(sortKey("sort", key), dir.isEmpty() ? Direction.DESC : direction("sort", dir));
                }
            }
            return;
        }
        List<SortKey> keys = new ArrayList<>();
        List<Direction> dirs = new ArrayList<>();
        List<String> keyValues = parameters.get("sort_key");
        if (keyValues != null) {
            for (String v : keyValues) {
                keys.add(sortKey("sort_key", nonNull("sort_key", v).trim()));
            }
        }
        List<String> dirValues = parameters.get("sort_dir");
        if (dirValues != null) {
            for (String v : dirValues) {
                dirs.add(direction("sort_dir", nonNull("sort_dir", v).trim()));
            }
        }
        if (dirs.size() > 1 && dirs.size() != keys.size()) {
            throw new InvalidInputException("invalid parameter 'sort_dir': " + dirs.size()
                    + " sort directions for " + keys.size() + " sort keys (give one for all, or one per key)");
        }
        if (keys.isEmpty() && dirs.isEmpty()) {
            return;
        }
        if (keys.isEmpty()) {
            keys.add(SortKey.CREATED_AT);
        }
        for (int i = 0; i < keys.size(); i++) {
            Direction d = dirs.isEmpty() ? Direction.DESC : dirs.size() == 1 ? dirs.get(0) : dirs.get(i);
            q.sort(keys.get(i), d);
        }
    }

    private static SortKey sortKey(String parameter, String key) {
        SortKey k = SortKey.fromWireName(key);
        if (k == null) {
            throw new InvalidInputException("invalid value '" + key + "' for parameter '" + parameter
                    + "': unknown sort key (expected one of name, status, container_format, disk_format, size, id,"
                    + " created_at, updated_at)");
        }
        return k;
    }

    private static Direction direction(String parameter, String dir) {
        switch (dir) {
            case "asc": return Direction.ASC;
            case "desc": return Direction.DESC;
            default:
                throw new InvalidInputException("invalid value '" + dir + "' for parameter '" + parameter
                        + "': unknown sort direction (expected asc or desc)");
        }
    }
}
