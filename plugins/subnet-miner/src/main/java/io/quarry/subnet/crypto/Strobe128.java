package io.quarry.subnet.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The subset of STROBE v1.0.2 at the 128-bit security level that Merlin transcripts use: {@code meta_ad},
 * {@code ad}, {@code prf} and {@code key} over Keccak-f[1600] with rate 166 bytes (STROBE specification,
 * strobe.sourceforge.io; Merlin specification, merlin.cool). Not thread-safe; {@link #copy()} forks the state.
 */
final class Strobe128 {

    private static final int RATE = 166;
    private static final int FLAG_I = 1;
    private static final int FLAG_A = 1 << 1;
    private static final int FLAG_C = 1 << 2;
    private static final int FLAG_T = 1 << 3;
    private static final int FLAG_M = 1 << 4;
    private static final int FLAG_K = 1 << 5;

    private final byte[] state;
    private int pos;
    private int posBegin;
    private int curFlags;

    /** A fresh STROBE-128 object for {@code protocolLabel}. */
    Strobe128(String protocolLabel) {
        state = new byte[200];
        // Initial block: [1, R + 2, 1, 0, 1, 12 * 8] then "STROBEv1.0.2", permuted once.
        state[0] = 1;
        state[1] = (byte) (RATE + 2);
        state[2] = 1;
        state[3] = 0;
        state[4] = 1;
        state[5] = 96;
        byte[] version = "STROBEv1.0.2".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, state, 6, version.length);
        KeccakF1600.permute(state);
        metaAd(protocolLabel.getBytes(StandardCharsets.US_ASCII), false);
    }

    private Strobe128(Strobe128 other) {
        state = other.state.clone();
        pos = other.pos;
        posBegin = other.posBegin;
        curFlags = other.curFlags;
    }

    /** An independent copy of this object's state. */
    Strobe128 copy() {
        return new Strobe128(this);
    }

    void metaAd(byte[] data, boolean more) {
        beginOp(FLAG_M | FLAG_A, more);
        absorb(data);
    }

    void ad(byte[] data, boolean more) {
        beginOp(FLAG_A, more);
        absorb(data);
    }

    void prf(byte[] out, boolean more) {
        beginOp(FLAG_I | FLAG_A | FLAG_C, more);
        squeeze(out);
    }

    void key(byte[] data, boolean more) {
        beginOp(FLAG_A | FLAG_C, more);
        overwrite(data);
    }

    private void runF() {
        state[pos] ^= (byte) posBegin;
        state[pos + 1] ^= 0x04;
        state[RATE + 1] ^= (byte) 0x80;
        KeccakF1600.permute(state);
        pos = 0;
        posBegin = 0;
    }

    private void absorb(byte[] data) {
        for (byte b : data) {
            state[pos] ^= b;
            if (++pos == RATE) {
                runF();
            }
        }
    }

    private void overwrite(byte[] data) {
        for (byte b : data) {
            state[pos] = b;
            if (++pos == RATE) {
                runF();
            }
        }
    }

    private void squeeze(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = state[pos];
            state[pos] = 0;
            if (++pos == RATE) {
                runF();
            }
        }
    }

    private void beginOp(int flags, boolean more) {
        if (more) {
            if (curFlags != flags) {
                throw new IllegalStateException("STROBE: continued operation with flags " + flags
                        + " after " + curFlags);
            }
            return;
        }
        if ((flags & FLAG_T) != 0) {
            throw new IllegalStateException("STROBE: transport operations are not used by Merlin");
        }
        int oldBegin = posBegin;
        posBegin = pos + 1;
        curFlags = flags;
        absorb(new byte[] {(byte) oldBegin, (byte) flags});
        // Cipher and key operations start on a fresh block.
        if ((flags & (FLAG_C | FLAG_K)) != 0 && pos != 0) {
            runF();
        }
    }
}
