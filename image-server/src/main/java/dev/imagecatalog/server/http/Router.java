package dev.imagecatalog.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table: method and path template ({@code /v2/images/{image_id}/members/{member_id}}) to handler. A path
 * matches the templates with the most literal segments first, so {@code /v2/info/stores/detail} wins over a
 * parameter in that place. A path that matches but not for this method gives 405 with {@code Allow}; no match, 404.
 * Built once before the server starts, read-only afterwards.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    /** Adds a route that needs an authenticated caller. */
    public Router add(String method, String template, RouteHandler handler) {
        return add(method, template, false, handler);
    }

    /** Adds a route that anyone may call (the version documents). */
    public Router addAnonymous(String method, String template, RouteHandler handler) {
        return add(method, template, true, handler);
    }

    private Router add(String method, String template, boolean anonymous, RouteHandler handler) {
        Route route = new Route(method, template, segments(template), anonymous, handler);
        for (Route r : routes) {
            if (r.method.equals(method) && r.template.equals(template)) {
                throw new IllegalArgumentException("route added twice: " + method + " " + template);
            }
        }
        routes.add(route);
        return this;
    }

    /**
     * Finds the route for a request.
     *
     * @param method  the HTTP method
     * @param rawPath the path as sent, still percent-encoded
     * @return the match, with the decoded path parameters
     * @throws HttpError 404 when no template matches, 405 (with {@code Allow}) when none matches for this method,
     *                   400 for a segment that decodes to a path separator or a dot segment
     */
    public Match match(String method, String rawPath) {
        String[] parts = split(rawPath);
        int best = -1;
        List<Route> candidates = new ArrayList<>();
        for (Route r : routes) {
            if (r.parts.length != parts.length || !r.matches(parts)) {
                continue;
            }
            if (r.literals > best) {
                best = r.literals;
                candidates.clear();
            }
            if (r.literals == best) {
                candidates.add(r);
            }
        }
        if (candidates.isEmpty()) {
            throw HttpError.notFound("The resource could not be found.");
        }
        Set<String> allowed = new TreeSet<>();
        for (Route r : candidates) {
            if (r.method.equals(method)) {
                return new Match(r.handler, r.params(parts), r.anonymous, r.template);
            }
            allowed.add(r.method);
        }
        throw new HttpError(405, "The method " + method + " is not allowed for this resource.",
                Map.of("Allow", String.join(", ", allowed)));
    }

    private static String[] split(String rawPath) {
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return new String[0];
        }
        String[] parts = p.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String decoded = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.contains("/") || decoded.equals(".") || decoded.equals("..") || decoded.indexOf('\0') >= 0) {
                throw HttpError.badRequest("Invalid path segment.");
            }
            parts[i] = decoded;
        }
        return parts;
    }

    private static Segment[] segments(String template) {
        String p = template.startsWith("/") ? template.substring(1) : template;
        if (p.isEmpty()) {
            return new Segment[0];
        }
        String[] raw = p.split("/");
        Segment[] s = new Segment[raw.length];
        for (int i = 0; i < raw.length; i++) {
            boolean param = raw[i].startsWith("{") && raw[i].endsWith("}");
            s[i] = new Segment(param ? raw[i].substring(1, raw[i].length() - 1) : raw[i], param);
        }
        return s;
    }

    /** A matched route: its handler, its path parameters, whether it needs a caller, and its template. */
    public record Match(RouteHandler handler, Map<String, String> params, boolean anonymous, String template) {
    }

    private record Segment(String text, boolean param) {
    }

    private static final class Route {
        final String method;
        final String template;
        final Segment[] parts;
        final boolean anonymous;
        final RouteHandler handler;
        final int literals;

        Route(String method, String template, Segment[] parts, boolean anonymous, RouteHandler handler) {
            this.method = method;
            this.template = template;
            this.parts = parts;
            this.anonymous = anonymous;
            this.handler = handler;
            int n = 0;
            for (Segment s : parts) {
                n += s.param ? 0 : 1;
            }
            this.literals = n;
        }

        boolean matches(String[] path) {
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].param && !parts[i].text.equals(path[i])) {
                    return false;
                }
            }
            return true;
        }

        Map<String, String> params(String[] path) {
            if (literals == parts.length) {
                return Map.of();
            }
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].param) {
                    m.put(parts[i].text, path[i]);
                }
            }
            return m;
        }
    }
}
