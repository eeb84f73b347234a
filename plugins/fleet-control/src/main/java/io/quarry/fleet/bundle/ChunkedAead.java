package io.quarry.fleet.bundle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A bundle's body on the wire: the plaintext cut into chunks of {@link #CHUNK_BYTES}, each sealed on its own with
 * ChaCha20-Poly1305 (RFC 8439) and sent as a 4-byte big-endian length and the ciphertext with its 16-byte tag.
 * The 12-byte nonce is three zero bytes, the chunk's index (8 bytes big-endian) and a flag byte that is 1 on the
 * final chunk and 0 on every other, in the way of the STREAM construction (Hoang, Reyhanitabar, Rogaway and Vizár,
 * "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015): a chunk moved to another
 * place, a stream cut short and a non-final chunk passed off as the end all fail authentication. The plaintext
 * length is signed in the header, so both sides know how many chunks there are: every chunk is full but the
 * final one, which holds the rest (nothing at all for an empty bundle). Every chunk's associated data binds the
 * bundle's type, sender, recipient, size and checksum. The key is used for one bundle only.
 */
public final class ChunkedAead {

    /** Plaintext bytes in every chunk but the final one. */
    public static final int CHUNK_BYTES = 64 * 1024;
    /** The tag each chunk carries. */
    public static final int TAG_BYTES = 16;

    private ChunkedAead() {
    }

    /** How many chunks a plaintext of {@code size} bytes takes. */
    public static long chunks(long size) {
        return Math.max(1, (size + CHUNK_BYTES - 1) / CHUNK_BYTES);
    }

    /** How many bytes the sealed body of {@code size} plaintext bytes has. */
    public static long sealedSize(long size) {
        return size + chunks(size) * (4L + TAG_BYTES);
    }

    /**
     * Decrypts a body of {@code size} plaintext bytes from {@code in} into {@code out}, chunk by chunk; returns
     * {@code size}. Nothing unauthenticated is written: a chunk reaches {@code out} only once its tag checked.
     *
     * @throws BundleException when a length, a tag, the end of the stream or bytes after the final chunk are wrong
     * @throws IOException when reading or writing fails
     */
    static long open(byte[] key, byte[] aad, long size, InputStream in, OutputStream out) throws IOException {
        try {
            long count = chunks(size);
            byte[] frame = new byte[CHUNK_BYTES + TAG_BYTES];
            byte[] plain = new byte[CHUNK_BYTES];
            for (long i = 0; i < count; i++) {
                boolean last = i == count - 1;
                int expected = plainLength(size, i, last) + TAG_BYTES;
                byte[] length = in.readNBytes(4);
                if (length.length < 4) {
                    throw new BundleException("the bundle stream ended after " + i + " of " + count + " chunks (truncated)");
                }
                int declared = ((length[0] & 0xff) << 24) | ((length[1] & 0xff) << 16) | ((length[2] & 0xff) << 8) | (length[3] & 0xff);
                if (declared != expected) {
                    throw new BundleException("chunk " + i + " says it has " + Integer.toUnsignedString(declared)
                            + " bytes, expected " + expected);
                }
                if (in.readNBytes(frame, 0, expected) < expected) {
                    throw new BundleException("the bundle stream ended inside chunk " + i + " of " + count + " (truncated)");
                }
                ChaCha20Poly1305 aead = cipher(false, key, i, last, aad);
                int n = aead.processBytes(frame, 0, expected, plain, 0);
                try {
                    n += aead.doFinal(plain, n);
                } catch (InvalidCipherTextException e) {
                    throw new BundleException("chunk " + i + " failed authentication: the bundle was tampered with, "
                            + "reordered, cut short or not encrypted to this node");
                }
                out.write(plain, 0, n);
            }
            if (in.read() != -1) {
                throw new BundleException("the bundle stream goes on after its final chunk");
            }
            return size;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static int plainLength(long size, long index, boolean last) {
        return last ? (int) (size - index * CHUNK_BYTES) : CHUNK_BYTES;
    }

    private static ChaCha20Poly1305 cipher(boolean encrypt, byte[] key, long index, boolean last, byte[] aad) {
        byte[] nonce = new byte[12];
        for (int b = 0; b < 8; b++) {
            nonce[3 + b] = (byte) (index >>> (56 - 8 * b));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
        return aead;
    }

    /** The sealed body as a stream: each chunk is read from the plaintext and encrypted when the reader gets to it. */
    static final class Sealing extends InputStream {

        private final byte[] key;
        private final byte[] aad;
        private final long size;
        private final InputStream plaintext;
        private final long count;
        private final byte[] frame = new byte[4 + CHUNK_BYTES + TAG_BYTES];
        private int frameLength;
        private int position;
        private long next;

        Sealing(byte[] key, byte[] aad, long size, InputStream plaintext) {
            this.key = key;
            this.aad = aad;
            this.size = size;
            this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
            this.count = chunks(size);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, target.length);
            if (length == 0) {
                return 0;
            }
            if (position == frameLength && !fill()) {
                return -1;
            }
            int n = Math.min(length, frameLength - position);
            System.arraycopy(frame, position, target, offset, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (next == count) {
                return false;
            }
            boolean last = next == count - 1;
            int n = plainLength(size, next, last);
            byte[] plain = plaintext.readNBytes(n);
            if (plain.length < n) {
                throw new EOFException("the bundle's plaintext ended " + (n - plain.length) + " bytes early in chunk " + next);
            }
            if (last && plaintext.read() != -1) {
                throw new IOException("the bundle's plaintext is longer than its header's " + size + " bytes");
            }
            ChaCha20Poly1305 aead = cipher(true, key, next, last, aad);
            int sealed = aead.processBytes(plain, 0, n, frame, 4);
            try {
                sealed += aead.doFinal(frame, 4 + sealed);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("encryption cannot fail authentication", e);
            }
            frame[0] = (byte) (sealed >>> 24);
            frame[1] = (byte) (sealed >>> 16);
            frame[2] = (byte) (sealed >>> 8);
            frame[3] = (byte) sealed;
            frameLength = 4 + sealed;
            position = 0;
            next++;
            if (next == count) {
                Arrays.fill(key, (byte) 0);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(key, (byte) 0);
            plaintext.close();
        }
    }
}
