package io.quarry.subnet.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * SS58 addresses for 32-byte account keys (Substrate's address format): base58 of
 * {@code prefix || key || checksum}, where the prefix is one byte for network ids below 64 and two bytes up to
 * 16383, and the checksum is the first two bytes of BLAKE2b-512 over {@code "SS58PRE" || prefix || key}.
 *
 * @param prefix the network id (42 is the generic Substrate prefix, which Bittensor uses)
 * @param publicKey the 32-byte account key
 */
public record Ss58(int prefix, byte[] publicKey) {

    /** The generic Substrate network id, used by Bittensor. */
    public static final int SUBSTRATE = 42;
    private static final byte[] CHECKSUM_PREFIX = "SS58PRE".getBytes(StandardCharsets.US_ASCII);

    public Ss58 {
        if (prefix < 0 || prefix > 16383) {
            throw new IllegalArgumentException("SS58 prefix must be 0..16383, was " + prefix);
        }
        if (prefix == 46 || prefix == 47) {
            throw new IllegalArgumentException("SS58 prefixes 46 and 47 are reserved");
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an SS58 account key is 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The address text. */
    public String encode() {
        byte[] head = prefix < 64 ? new byte[] {(byte) prefix}
                : new byte[] {(byte) (((prefix & 0xfc) >> 2) | 0x40), (byte) ((prefix >> 8) | ((prefix & 0x03) << 6))};
        byte[] body = concat(head, publicKey);
        return Base58.encode(concat(body, Arrays.copyOf(checksum(body), 2)));
    }

    /** The address of {@code publicKey} on the generic Substrate network. */
    public static String encode(byte[] publicKey) {
        return new Ss58(SUBSTRATE, publicKey).encode();
    }

    /**
     * Decodes an address, checking its checksum.
     *
     * @throws IllegalArgumentException saying what is wrong: bad characters, length, prefix or checksum
     */
    public static Ss58 decode(String address) {
        byte[] raw = Base58.decode(address);
        if (raw.length == 0) {
            throw new IllegalArgumentException("empty SS58 address");
        }
        int first = raw[0] & 0xff;
        int prefixLength;
        int prefix;
        if (first < 64) {
            prefixLength = 1;
            prefix = first;
        } else if (first < 128 && raw.length > 1) {
            int second = raw[1] & 0xff;
            prefixLength = 2;
            prefix = (((first << 2) | (second >> 6)) & 0xff) | ((second & 0x3f) << 8);
        } else {
            throw new IllegalArgumentException("SS58 address has an invalid prefix byte " + first);
        }
        if (raw.length != prefixLength + 32 + 2) {
            throw new IllegalArgumentException("SS58 address decodes to " + raw.length
                    + " bytes; a 32-byte account address has " + (prefixLength + 34));
        }
        byte[] body = Arrays.copyOf(raw, prefixLength + 32);
        byte[] sum = checksum(body);
        if (sum[0] != raw[raw.length - 2] || sum[1] != raw[raw.length - 1]) {
            throw new IllegalArgumentException("SS58 address checksum does not match");
        }
        return new Ss58(prefix, Arrays.copyOfRange(raw, prefixLength, prefixLength + 32));
    }

    private static byte[] checksum(byte[] body) {
        Blake2bDigest blake = new Blake2bDigest(512);
        blake.update(CHECKSUM_PREFIX, 0, CHECKSUM_PREFIX.length);
        blake.update(body, 0, body.length);
        byte[] out = new byte[64];
        blake.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ss58 other && other.prefix == prefix && Arrays.equals(other.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * prefix + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return encode();
    }
}
