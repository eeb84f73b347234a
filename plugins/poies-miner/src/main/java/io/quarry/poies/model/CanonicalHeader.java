package io.quarry.poies.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code canonical_header_without_nonce}: the bytes a share's digest starts with, specified
 * byte by byte in {@code docs/poies-canonical-header.md} so miners outside this code base can build them.
 *
 * <p>Layout (integers unsigned big-endian, strings one length byte then ASCII):
 * the 8-byte domain tag {@code PoIEShv1}, chainId (8), height (8), parentHash, stateRoot, txsRoot, proofsRoot,
 * daRoot (32 each), thetaMicro, gammaCap in millionths, escortQ in millionths (8 each), poiesPolicy, algPolicy
 * (32 each), time (8), then the strings uDomainTag, coinbase, templateId, mempoolSnapshotId, then zero bytes up
 * to the next multiple of 72 (the Keccak-512 rate). The mix seed is not in it: the digest appends it after the
 * nonce. Because of the padding, {@code nonce || mixSeed} (40 bytes) and the Keccak padding always fall in one
 * final block, so a scanner that absorbs this prefix once does one permutation per nonce.
 */
public final class CanonicalHeader {

    /** The domain tag the encoding starts with. */
    public static final byte[] DOMAIN_TAG = "PoIEShv1".getBytes(StandardCharsets.US_ASCII);
    /** The Keccak-512 rate in bytes: the encoding's length is always a multiple of it. */
    public static final int RATE = 72;
    /** Bytes before the first string field. */
    public static final int FIXED_LENGTH = 280;
    /** The longest possible encoding (every string at its maximum length, then padding). */
    public static final int MAX_LENGTH = padded(FIXED_LENGTH + 4 + 3 * HeaderTemplate.MAX_ID_LENGTH
            + HeaderTemplate.MAX_COINBASE_LENGTH);

    private CanonicalHeader() {
    }

    /** The canonical encoding of {@code template} without nonce and mix seed. */
    public static byte[] encode(HeaderTemplate template) {
        byte[] uDomainTag = ascii(template.nonceDomain().uDomainTag());
        byte[] coinbase = ascii(template.coinbase());
        byte[] templateId = ascii(template.extra().templateId());
        byte[] snapshot = ascii(template.extra().mempoolSnapshotId());
        int unpadded = FIXED_LENGTH + 4 + uDomainTag.length + coinbase.length + templateId.length + snapshot.length;
        ByteBuffer out = ByteBuffer.allocate(padded(unpadded)); // big-endian, zero-filled: the padding is already there
        out.put(DOMAIN_TAG);
        out.putLong(template.chainId());
        out.putLong(template.height());
        put(out, template.parentHash());
        put(out, template.stateRoot());
        put(out, template.txsRoot());
        put(out, template.proofsRoot());
        put(out, template.daRoot());
        out.putLong(template.params().thetaMicro());
        out.putLong(template.params().gammaCapMicro());
        out.putLong(template.params().escortQMicro());
        put(out, template.policyRoots().poiesPolicy());
        put(out, template.policyRoots().algPolicy());
        out.putLong(template.time());
        putString(out, uDomainTag);
        putString(out, coinbase);
        putString(out, templateId);
        putString(out, snapshot);
        return out.array();
    }

    /** {@code length} rounded up to a multiple of {@link #RATE} (a multiple stays as it is). */
    static int padded(int length) {
        return (length + RATE - 1) / RATE * RATE;
    }

    private static void put(ByteBuffer out, Bytes bytes) {
        out.put(bytes.toArray());
    }

    private static void putString(ByteBuffer out, byte[] ascii) {
        out.put((byte) ascii.length); // every string field is at most 90 characters: one byte holds its length
        out.put(ascii);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII); // the template checked every character is ASCII
    }
}
