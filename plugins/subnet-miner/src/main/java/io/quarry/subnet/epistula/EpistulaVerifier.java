package io.quarry.subnet.epistula;

import io.quarry.subnet.crypto.KeyType;
import io.quarry.subnet.crypto.Ss58;
import io.quarry.subnet.crypto.SubstrateSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a request's Epistula headers and signature (docs/plugins.md, "Epistula"), cheapest first: the
 * headers' shape (400), the timestamp's freshness (401), whether the claimed signer may call at all (the
 * caller's check, 403: refusing non-validators before any curve arithmetic keeps strangers from costing
 * signature verifications), the signature (401), {@code Epistula-Signed-For} naming this miner (401) and
 * that the request was not seen before (401). It does not remember the request: the caller does that once
 * every other check passed ({@link ReplayGuard#remember}).
 */
public final class EpistulaVerifier {

    /** The older headers' window, as the clients that send them use it. */
    public static final Duration LEGACY_WINDOW = Duration.ofSeconds(60);
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Up to 19 digits (nanoseconds since the epoch need 19); {@link #parseTimestamp} refuses those over a long. */
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final int MAX_ADDRESS = 64;

    private final String ourHotkey;
    private final long freshnessMillis;
    private final boolean legacyHeaders;
    private final InstantSource clock;
    private final ReplayGuard replays;
    private final Function<String, Optional<String>> signerRefusal;

    /**
     * @param ourHotkey this miner's SS58 address, which {@code Signed-For} must name when present
     * @param freshness how far a timestamp may be from now (either way)
     * @param legacyHeaders whether the older X-Epistula-* headers are accepted
     * @param clock the time
     * @param replays remembered requests
     * @param signerRefusal why a claimed signer (SS58) may not call, checked before its signature; empty if it may
     */
    public EpistulaVerifier(String ourHotkey, Duration freshness, boolean legacyHeaders, InstantSource clock,
                            ReplayGuard replays, Function<String, Optional<String>> signerRefusal) {
        this.ourHotkey = Objects.requireNonNull(ourHotkey, "ourHotkey");
        this.freshnessMillis = freshness.toMillis();
        this.legacyHeaders = legacyHeaders;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = Objects.requireNonNull(replays, "replays");
        this.signerRefusal = Objects.requireNonNull(signerRefusal, "signerRefusal");
    }

    /**
     * Verifies a request.
     *
     * @param headers header lookup by name (case-insensitive)
     * @param body the raw body
     * @throws EpistulaRejection with 400, 401 or 403 and the reason
     */
    public SignedRequest verify(Function<String, Optional<String>> headers, byte[] body) {
        Optional<String> version = headers.apply(EpistulaHeaders.VERSION);
        if (version.isEmpty() && headers.apply(EpistulaHeaders.LEGACY_SIGNATURE).isPresent()) {
            if (!legacyHeaders) {
                throw EpistulaRejection.badRequest("X-Epistula-* headers are not accepted here; sign with Epistula v2"
                        + " (Epistula-Version: 2)");
            }
            return verifyLegacy(headers, body);
        }
        if (version.isEmpty()) {
            throw EpistulaRejection.badRequest("missing Epistula-Version header");
        }
        if (!version.get().trim().equals("2")) {
            throw EpistulaRejection.badRequest("unsupported Epistula-Version '" + clip(version.get()) + "'; expected 2");
        }
        String timestamp = required(headers, EpistulaHeaders.TIMESTAMP);
        String uuid = required(headers, EpistulaHeaders.UUID);
        String signedBy = required(headers, EpistulaHeaders.SIGNED_BY);
        String signatureText = required(headers, EpistulaHeaders.SIGNATURE);
        Optional<String> signedFor = headers.apply(EpistulaHeaders.SIGNED_FOR).map(String::trim)
                .filter(s -> !s.isEmpty());
        if (!DIGITS.matcher(timestamp).matches()) {
            throw EpistulaRejection.badRequest("Epistula-Timestamp must be milliseconds since the epoch");
        }
        if (!UUID.matcher(uuid).matches()) {
            throw EpistulaRejection.badRequest("Epistula-Uuid must be a UUID");
        }
        byte[] publicKey = decodeAddress(signedBy, EpistulaHeaders.SIGNED_BY);
        byte[] signature = decodeSignature(signatureText, EpistulaHeaders.SIGNATURE);
        long now = clock.millis();
        long millis = parseTimestamp(timestamp, EpistulaHeaders.TIMESTAMP);
        if (Math.abs(now - millis) > freshnessMillis) {
            throw EpistulaRejection.unauthorized("stale request: Epistula-Timestamp is " + (now - millis)
                    + " ms from now, more than " + freshnessMillis);
        }
        refuseSigner(signedBy);
        String message = EpistulaHeaders.message(EpistulaHeaders.sha256Hex(body), uuid, timestamp,
                signedFor.orElse(null));
        KeyType type = SubstrateSignatures.verify(message.getBytes(StandardCharsets.UTF_8), signature, publicKey)
                .orElseThrow(() -> EpistulaRejection.unauthorized("signature does not verify for " + signedBy));
        if (signedFor.isPresent() && !signedFor.get().equals(ourHotkey)) {
            throw EpistulaRejection.unauthorized("request is signed for " + clip(signedFor.get())
                    + ", not for this miner " + ourHotkey);
        }
        String replayKey = "v2:" + signedBy + ":" + uuid.toLowerCase(java.util.Locale.ROOT);
        if (replays.seen(replayKey, now)) {
            throw EpistulaRejection.unauthorized("replayed request: Epistula-Uuid " + uuid + " was already used");
        }
        return new SignedRequest(signedBy, type, replayKey, millis + freshnessMillis + 1, false);
    }

    private SignedRequest verifyLegacy(Function<String, Optional<String>> headers, byte[] body) {
        String timestamp = required(headers, EpistulaHeaders.LEGACY_TIMESTAMP);
        String hotkey = required(headers, EpistulaHeaders.LEGACY_HOTKEY);
        String signatureText = required(headers, EpistulaHeaders.LEGACY_SIGNATURE);
        if (!DIGITS.matcher(timestamp).matches()) {
            throw EpistulaRejection.badRequest("X-Epistula-Timestamp must be nanoseconds since the epoch");
        }
        byte[] publicKey = decodeAddress(hotkey, EpistulaHeaders.LEGACY_HOTKEY);
        byte[] signature = decodeSignature(signatureText, EpistulaHeaders.LEGACY_SIGNATURE);
        long now = clock.millis();
        long millis = parseTimestamp(timestamp, EpistulaHeaders.LEGACY_TIMESTAMP) / 1_000_000;
        if (Math.abs(now - millis) > LEGACY_WINDOW.toMillis()) {
            throw EpistulaRejection.unauthorized("stale request: X-Epistula-Timestamp is " + (now - millis)
                    + " ms from now, more than " + LEGACY_WINDOW.toMillis());
        }
        refuseSigner(hotkey);
        String message = EpistulaHeaders.legacyMessage(timestamp, EpistulaHeaders.sha256Hex(body));
        KeyType type = SubstrateSignatures.verify(message.getBytes(StandardCharsets.UTF_8), signature, publicKey)
                .orElseThrow(() -> EpistulaRejection.unauthorized("signature does not verify for " + hotkey));
        // The older form has no UUID: the signature itself identifies the request.
        String replayKey = "legacy:" + HexFormat.of().formatHex(signature);
        if (replays.seen(replayKey, now)) {
            throw EpistulaRejection.unauthorized("replayed request: this signature was already used");
        }
        return new SignedRequest(hotkey, type, replayKey, millis + LEGACY_WINDOW.toMillis() + 1, true);
    }

    /** A timestamp {@link #DIGITS} accepted; a number a long cannot hold is the caller's error, never ours. */
    private static long parseTimestamp(String digits, String header) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw EpistulaRejection.badRequest(header + " is out of range");
        }
    }

    private void refuseSigner(String hotkey) {
        Optional<String> refusal = signerRefusal.apply(hotkey);
        if (refusal.isPresent()) {
            throw new EpistulaRejection(403, refusal.get());
        }
    }

    private static String required(Function<String, Optional<String>> headers, String name) {
        return headers.apply(name).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> EpistulaRejection.badRequest("missing " + name + " header"));
    }

    private static byte[] decodeAddress(String address, String header) {
        if (address.length() > MAX_ADDRESS) {
            throw EpistulaRejection.badRequest(header + " is not an SS58 address");
        }
        try {
            return Ss58.decode(address).publicKey();
        } catch (IllegalArgumentException e) {
            throw EpistulaRejection.badRequest(header + " is not an SS58 address: " + e.getMessage());
        }
    }

    private static byte[] decodeSignature(String text, String header) {
        String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (hex.length() != 128) {
            throw EpistulaRejection.badRequest(header + " must be 0x followed by 128 hex digits (64 bytes)");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw EpistulaRejection.badRequest(header + " must be 0x followed by 128 hex digits (64 bytes)");
        }
    }

    private static String clip(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
