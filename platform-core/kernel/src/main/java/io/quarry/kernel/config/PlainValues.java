package io.quarry.kernel.config;

import io.quarry.api.config.HostPort;
import io.quarry.api.config.Secret;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns bound values into plain, JSON- and TOML-friendly values (String, Number, Boolean, List, Map), with
 * {@link Secret} components masked at any depth, for {@code config show} and the HTTP view.
 */
final class PlainValues {

    /** What a secret prints as, whatever its type. */
    static final String MASK = "********";

    /** {@code scheme://userinfo@}: a URL with credentials in it (RFC 3986 userinfo). */
    private static final Pattern URL_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@\\s]+)@");

    private PlainValues() {
    }

    /**
     * {@code text} with the password of every URL in it masked ({@code http://user:********@host}); userinfo
     * without a colon is masked whole, as services take tokens there too ({@code https://********@host}).
     */
    static String maskUrlCredentials(String text) {
        Matcher m = URL_USERINFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userinfo = m.group(2);
            int colon = userinfo.indexOf(':');
            String masked = colon < 0 ? MASK : userinfo.substring(0, colon) + ":" + MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        return m.appendTail(out).toString();
    }

    static Object of(Object value, boolean secret) {
        if (secret) {
            return MASK;
        }
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return maskUrlCredentials(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof HostPort hostPort) {
            return hostPort.toString();
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? of(optional.get(), false) : "";
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(of(item, false)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v, false)));
            return out;
        }
        if (value instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                out.put(Keys.tomlKey(c.getName()), of(Records.get(c, record), c.isAnnotationPresent(Secret.class)));
            }
            return out;
        }
        return value.toString();
    }
}
