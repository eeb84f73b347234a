package io.quarry.subnet.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A Merlin transcript (merlin.cool): a STROBE-128 object labelled "Merlin v1.0" to which labelled messages
 * are appended and from which labelled challenges are drawn. Used here as schnorrkel's signing transcript.
 * Not thread-safe; {@link #copy()} forks it.
 */
public final class MerlinTranscript {

    private final Strobe128 strobe;

    /** A new transcript for the application domain {@code label}. */
    public MerlinTranscript(String label) {
        strobe = new Strobe128("Merlin v1.0");
        appendMessage("dom-sep", label.getBytes(StandardCharsets.UTF_8));
    }

    private MerlinTranscript(Strobe128 strobe) {
        this.strobe = strobe;
    }

    /** An independent copy, for example to verify and sign from the same prefix. */
    public MerlinTranscript copy() {
        return new MerlinTranscript(strobe.copy());
    }

    /** Appends {@code message} under {@code label}. */
    public void appendMessage(String label, byte[] message) {
        strobe.metaAd(ascii(label), false);
        strobe.metaAd(u32le(message.length), true);
        strobe.ad(message, false);
    }

    /** Appends a little-endian 64-bit integer under {@code label}. */
    public void appendU64(String label, long value) {
        byte[] le = new byte[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (byte) (value >>> (8 * i));
        }
        appendMessage(label, le);
    }

    /** Fills {@code out} with challenge bytes bound to everything appended so far and to {@code label}. */
    public void challengeBytes(String label, byte[] out) {
        strobe.metaAd(ascii(label), false);
        strobe.metaAd(u32le(out.length), true);
        strobe.prf(out, false);
    }

    /**
     * Witness bytes (Merlin's transcript RNG): a fork of this transcript rekeyed with {@code witness} under
     * {@code label} and with 32 bytes from {@code random}, so a secret nonce stays unpredictable even if one
     * of the two sources is weak. The transcript itself is unchanged.
     */
    public byte[] witnessBytes(String label, byte[] witness, SecureRandom random, int length) {
        Strobe128 rng = strobe.copy();
        rng.metaAd(ascii(label), false);
        rng.metaAd(u32le(witness.length), true);
        rng.key(witness, false);
        byte[] entropy = new byte[32];
        random.nextBytes(entropy);
        rng.metaAd(ascii("rng"), false);
        rng.key(entropy, false);
        byte[] out = new byte[length];
        rng.metaAd(u32le(length), false);
        rng.prf(out, false);
        return out;
    }

    private static byte[] ascii(String label) {
        return label.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u32le(int n) {
        return new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
    }
}
