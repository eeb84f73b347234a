package io.quarry.kernel.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route path such as {@code /api/v1/storage/miners/{id}}: literal segments and whole-segment
 * {@code {name}} parameters, matched against a request's decoded path segments. A trailing slash is ignored.
 */
final class PathTemplate {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_-]*)}");

    private final String text;
    /** Literal text per segment, or null where the segment is a parameter. */
    private final List<String> literals;
    /** Parameter name per segment, or null where the segment is literal. */
    private final List<String> names;

    private PathTemplate(String text, List<String> literals, List<String> names) {
        this.text = text;
        this.literals = literals;
        this.names = names;
    }

    static PathTemplate parse(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/', was '" + path + "'");
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (!trimmed.equals("/")) {
            for (String segment : trimmed.substring(1).split("/", -1)) {
                Matcher m = PARAM.matcher(segment);
                if (m.matches()) {
                    if (!seen.add(m.group(1))) {
                        throw new IllegalArgumentException("route path '" + path + "' repeats {" + m.group(1) + "}");
                    }
                    literals.add(null);
                    names.add(m.group(1));
                } else if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                        || segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                    // Requests never carry empty, "." or ".." segments, so such a route could never match.
                    throw new IllegalArgumentException("route path '" + path + "' has an empty, '.' or '..'"
                            + " segment, or a {name} that is not a whole segment");
                } else {
                    literals.add(segment);
                    names.add(null);
                }
            }
        }
        // Unmodifiable views, not List.copyOf: the lists hold nulls by design.
        return new PathTemplate(trimmed, Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
    }

    /** The template as registered (without a trailing slash): the route tag in metrics. */
    String text() {
        return text;
    }

    /** The template with parameter names erased: two routes with the same shape and method are ambiguous. */
    String shape() {
        StringBuilder b = new StringBuilder();
        for (String literal : literals) {
            b.append('/').append(literal == null ? "{}" : literal);
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    /** The parameter values when {@code segments} match, else null. */
    Map<String, String> match(List<String> segments) {
        if (segments.size() != literals.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < segments.size(); i++) {
            String literal = literals.get(i);
            if (literal == null) {
                if (params == null) {
                    params = new HashMap<>();
                }
                params.put(names.get(i), segments.get(i));
            } else if (!literal.equals(segments.get(i))) {
                return null;
            }
        }
        return params == null ? Map.of() : Map.copyOf(params);
    }

    /**
     * Orders templates so the more specific comes first: a literal segment beats a parameter at the first
     * position where they differ, so {@code /miners/summary} wins over {@code /miners/{id}}.
     */
    static int bySpecificity(PathTemplate a, PathTemplate b) {
        int n = Math.min(a.literals.size(), b.literals.size());
        for (int i = 0; i < n; i++) {
            boolean aParam = a.literals.get(i) == null;
            boolean bParam = b.literals.get(i) == null;
            if (aParam != bParam) {
                return aParam ? 1 : -1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
