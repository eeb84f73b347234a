package io.quarry.storage.miner;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first part of a {@code multipart/form-data} body (RFC 7578), which is all {@code /blobs/add} takes. Bounded by
 * the body it is given (the kernel caps request bodies at {@code http.max_body_bytes}).
 */
public final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");

    private Multipart() {
    }

    /**
     * The content of the first part of {@code body}, sent with content type {@code contentType}.
     *
     * @throws IllegalArgumentException when the content type has no boundary or the body is not multipart
     */
    public static byte[] firstPart(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data") || !m.find()) {
            throw new IllegalArgumentException("expected Content-Type multipart/form-data with a boundary");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0).orElseThrow(() -> new IllegalArgumentException("no multipart boundary in the body"));
        byte[] headersEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int content = indexOf(body, headersEnd, start + delimiter.length)
                .orElseThrow(() -> new IllegalArgumentException("the first part has no end of headers")) + headersEnd.length;
        byte[] closing = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int end = indexOf(body, closing, content).orElseThrow(() -> new IllegalArgumentException("the first part is not closed"));
        byte[] part = new byte[end - content];
        System.arraycopy(body, content, part, 0, part.length);
        return part;
    }

    private static Optional<Integer> indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return Optional.of(i);
        }
        return Optional.empty();
    }
}
