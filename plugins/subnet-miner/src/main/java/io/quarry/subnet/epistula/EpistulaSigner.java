package io.quarry.subnet.epistula;

import io.quarry.subnet.wallet.Hotkey;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Signs outbound requests with Epistula v2 headers (and, for older receivers, the X-Epistula-* form). */
public final class EpistulaSigner {

    private final Hotkey hotkey;
    private final InstantSource clock;

    public EpistulaSigner(Hotkey hotkey, InstantSource clock) {
        this.hotkey = hotkey;
        this.clock = clock;
    }

    /** The Epistula v2 headers for {@code body}, optionally addressed to {@code signedFor}. */
    public Map<String, String> headers(byte[] body, Optional<String> signedFor) {
        return headers(body, signedFor, UUID.randomUUID().toString(), clock.millis());
    }

    /** As {@link #headers(byte[], Optional)} with a given UUID and timestamp. */
    public Map<String, String> headers(byte[] body, Optional<String> signedFor, String uuid, long timestampMillis) {
        String timestamp = Long.toString(timestampMillis);
        String message = EpistulaHeaders.message(EpistulaHeaders.sha256Hex(body), uuid, timestamp,
                signedFor.orElse(null));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EpistulaHeaders.VERSION, "2");
        headers.put(EpistulaHeaders.TIMESTAMP, timestamp);
        headers.put(EpistulaHeaders.UUID, uuid);
        headers.put(EpistulaHeaders.SIGNED_BY, hotkey.ss58());
        signedFor.ifPresent(s -> headers.put(EpistulaHeaders.SIGNED_FOR, s));
        headers.put(EpistulaHeaders.SIGNATURE, "0x" + HexFormat.of().formatHex(
                hotkey.sign(message.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }

    /** The older X-Epistula-* headers for {@code body} (nanosecond timestamp). */
    public Map<String, String> legacyHeaders(byte[] body) {
        String timestamp = Long.toString(clock.millis() * 1_000_000);
        String message = EpistulaHeaders.legacyMessage(timestamp, EpistulaHeaders.sha256Hex(body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EpistulaHeaders.LEGACY_TIMESTAMP, timestamp);
        headers.put(EpistulaHeaders.LEGACY_HOTKEY, hotkey.ss58());
        headers.put(EpistulaHeaders.LEGACY_SIGNATURE, HexFormat.of().formatHex(
                hotkey.sign(message.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }
}
