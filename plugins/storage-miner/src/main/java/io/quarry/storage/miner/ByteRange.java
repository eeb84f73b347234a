package io.quarry.storage.miner;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP byte range (RFC 9110, section 14.1.2): {@code bytes=first-last}, {@code bytes=first-} or
 * {@code bytes=-suffix}. Multiple ranges are not served.
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** Bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    /**
     * The range {@code header} asks of a {@code size}-byte body; empty when it asks for none of it (unsatisfiable).
     *
     * @throws IllegalArgumentException when the header is not a single byte range
     */
    public static Optional<ByteRange> parse(String header, long size) {
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new IllegalArgumentException("Range must be one byte range such as bytes=0-1023, was \""
                    + (header.length() > 64 ? header.substring(0, 64) + "..." : header) + "\"");
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (first >= size || last < first) {
            return Optional.empty();
        }
        return Optional.of(new ByteRange(first, last));
    }
}
