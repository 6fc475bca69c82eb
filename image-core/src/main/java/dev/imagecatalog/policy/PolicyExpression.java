package dev.imagecatalog.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rule language's parser and evaluator (see {@link Policy}). */
final class PolicyExpression {
    private static final Set<String> CREDENTIALS = Set.of("project_id", "user_id", "is_admin");

    private PolicyExpression() {
    }

    record Env(RequestContext ctx, Map<String, String> target, Map<String, Node> rules) {
        String credential(String name) {
            switch (name) {
                case "project_id": return ctx.projectId();
                case "user_id": return ctx.userId();
                case "is_admin": return ctx.isAdmin() ? "True" : "False";
                default: return null;
            }
        }
    }

    interface Node {
        boolean eval(Env env);

        default List<String> references() {
            return List.of();
        }
    }

    private record Const(boolean value) implements Node {
        public boolean eval(Env env) {
            return value;
        }
    }

    private record Role(String role) implements Node {
        public boolean eval(Env env) {
            return env.ctx().hasRole(role);
        }
    }

    private record RuleRef(String name) implements Node {
        public boolean eval(Env env) {
            return env.rules().get(name).eval(env);
        }

        public List<String> references() {
            return List.of(name);
        }
    }

    /** left is a credential name or a quoted literal; right a %(field)s or a literal. */
    private record Generic(String credential, String literal, String field, String rightLiteral) implements Node {
        public boolean eval(Env env) {
            String left = credential != null ? env.credential(credential) : literal;
            String right = field != null ? env.target().get(field) : rightLiteral;
            return left != null && right != null && left.equals(right);
        }
    }

    private record Not(Node inner) implements Node {
        public boolean eval(Env env) {
            return !inner.eval(env);
        }

        public List<String> references() {
            return inner.references();
        }
    }

    private record And(List<Node> parts) implements Node {
        public boolean eval(Env env) {
            for (Node n : parts) {
                if (!n.eval(env)) {
                    return false;
                }
            }
            return true;
        }

        public List<String> references() {
            List<String> r = new ArrayList<>();
            parts.forEach(p -> r.addAll(p.references()));
            return r;
        }
    }

    private record Or(List<Node> parts) implements Node {
        public boolean eval(Env env) {
            for (Node n : parts) {
                if (n.eval(env)) {
                    return true;
                }
            }
            return false;
        }

        public List<String> references() {
            List<String> r = new ArrayList<>();
            parts.forEach(p -> r.addAll(p.references()));
            return r;
        }
    }

    /** Parses an expression; a syntax error is an IllegalArgumentException saying what and where. */
    static Node parse(String text) {
        List<String> tokens = tokenize(text);
        if (tokens.isEmpty()) {
            return new Const(true);
        }
        Parser p = new Parser(tokens);
        Node n = p.or();
        if (p.pos < tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + tokens.get(p.pos) + "' at token " + (p.pos + 1));
        }
        return n;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                StringBuilder b = new StringBuilder();
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (Character.isWhitespace(d) || d == ')' || d == '(') {
                        break;
                    }
                    if (d == '\'' || d == '"') {
                        int end = s.indexOf(d, i + 1);
                        if (end < 0) {
                            throw new IllegalArgumentException("unclosed quote at character " + (i + 1));
                        }
                        b.append(s, i, end + 1);
                        i = end + 1;
                    } else if (d == '%' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                        int end = s.indexOf(")s", i);
                        if (end < 0) {
                            throw new IllegalArgumentException("unclosed %( at character " + (i + 1));
                        }
                        b.append(s, i, end + 2);
                        i = end + 2;
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static final class Parser {
        final List<String> tokens;
        int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        Node or() {
            List<Node> parts = new ArrayList<>();
            parts.add(and());
            while ("or".equals(peek())) {
                pos++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(List.copyOf(parts));
        }

        Node and() {
            List<Node> parts = new ArrayList<>();
            parts.add(not());
            while ("and".equals(peek())) {
                pos++;
                parts.add(not());
            }
            return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
        }

        Node not() {
            if ("not".equals(peek())) {
                pos++;
                return new Not(not());
            }
            return atom();
        }

        Node atom() {
            String t = peek();
            if (t == null) {
                throw new IllegalArgumentException("the expression ends where a check was expected");
            }
            pos++;
            if (t.equals("(")) {
                Node n = or();
                if (!")".equals(peek())) {
                    throw new IllegalArgumentException("missing ')' at token " + (pos + 1));
                }
                pos++;
                return n;
            }
            switch (t) {
                case ")":
                case "and":
                case "or":
                    throw new IllegalArgumentException("unexpected '" + t + "' at token " + pos);
                case "true":
                case "@":
                    return new Const(true);
                case "false":
                case "!":
                    return new Const(false);
                case "owner":
                    return new Generic("project_id", null, "project_id", null);
                default:
                    return check(t);
            }
        }

        Node check(String t) {
            int colon = t.startsWith("'") || t.startsWith("\"") ? t.indexOf(':', t.indexOf(t.charAt(0), 1))
                    : t.indexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("'" + t + "' is not a check (expected role:NAME, rule:NAME, "
                        + "project_id:%(field)s, 'literal':%(field)s, owner, true or false)");
            }
            String kind = t.substring(0, colon);
            String match = t.substring(colon + 1);
            if (kind.equals("role")) {
                return new Role(match.toLowerCase(Locale.ROOT));
            }
            if (kind.equals("rule")) {
                return new RuleRef(match);
            }
            String field = null;
            String rightLiteral = null;
            if (match.startsWith("%(") && match.endsWith(")s")) {
                field = match.substring(2, match.length() - 2);
                if (field.isEmpty()) {
                    throw new IllegalArgumentException("'" + t + "' names no target field");
                }
            } else {
                rightLiteral = unquote(match);
            }
            if (kind.startsWith("'") || kind.startsWith("\"")) {
                return new Generic(null, unquote(kind), field, rightLiteral);
            }
            if (!CREDENTIALS.contains(kind)) {
                throw new IllegalArgumentException("unknown check kind '" + kind + "' in '" + t
                        + "' (expected role, rule, project_id, user_id, is_admin or a quoted literal)");
            }
            return new Generic(kind, null, field, rightLiteral);
        }

        static String unquote(String s) {
            if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
                return s.substring(1, s.length() - 1);
            }
            return s;
        }
    }
}
