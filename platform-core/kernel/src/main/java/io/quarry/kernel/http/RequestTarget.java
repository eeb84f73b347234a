package io.quarry.kernel.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The origin-form request target ({@code /path?query}, RFC 9112 section 3.2.1), split and strictly
 * percent-decoded. Anything else - absolute form, bad escapes, invalid UTF-8, {@code .} or {@code ..}
 * segments - is refused with an {@link IllegalArgumentException} whose message goes back in the 400.
 *
 * @param path the decoded path
 * @param rawPath the path as sent, for redirects
 * @param segments decoded, non-empty path segments
 * @param trailingSlash whether the path ends with '/' (always true for "/")
 * @param query decoded query parameters in order
 */
record RequestTarget(String path, String rawPath, List<String> segments, boolean trailingSlash,
                     Map<String, List<String>> query) {

    static RequestTarget parse(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            throw new IllegalArgumentException("request target must start with '/'");
        }
        int hash = uri.indexOf('#');
        String target = hash < 0 ? uri : uri.substring(0, hash);
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);

        List<String> segments = new ArrayList<>();
        String[] parts = rawPath.substring(1).split("/", -1);
        for (String part : parts) {
            // Empty segments ("//") carry no meaning for routes or files, so they are dropped, not refused.
            if (part.isEmpty()) {
                continue;
            }
            String segment = decode(part, false);
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("path segments '.' and '..' are not allowed");
            }
            segments.add(segment);
        }
        boolean trailingSlash = rawPath.endsWith("/");
        String path = "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
        return new RequestTarget(path, rawPath, List.copyOf(segments), trailingSlash, parseQuery(rawQuery));
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        query.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(query);
    }

    /**
     * Percent-decodes as UTF-8, refusing bad escapes and invalid UTF-8 rather than guessing. The decoder hands
     * the request line over as ISO-8859-1 characters, so a char below 256 is one raw byte.
     */
    static String decode(String s, boolean plusIsSpace) {
        if (isPlainAscii(s, plusIsSpace)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-encoding at offset " + i);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 256) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not valid UTF-8");
        }
        if (decoded.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL is not allowed in the request target");
        }
        return decoded;
    }

    private static boolean isPlainAscii(String s, boolean plusIsSpace) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c >= 128 || c == 0 || (plusIsSpace && c == '+')) {
                return false;
            }
        }
        return true;
    }
}
