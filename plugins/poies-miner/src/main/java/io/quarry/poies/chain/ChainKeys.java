package io.quarry.poies.chain;

import io.quarry.poies.model.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key layout of the chain in the plugin's column family. Heights are 8 bytes big-endian so that keys sort
 * by height; hashes and nullifiers are their 32 raw bytes.
 *
 * <pre>
 *   chain:meta               version(1) chainId(8) genesisHash(32)
 *   chain:head               version(1) height(8) hash(32) time(8) nextThetaMicro(8)    -- the commit point
 *   chain:h:&lt;height&gt;         hash(32) time(8) thetaMicro(8)                             -- height index
 *   chain:b:&lt;hash&gt;           the block as JSON (PoiesJson)
 *   chain:s:&lt;hash&gt;           the block's Seal: H(u) and each proof's type and psi
 *   chain:n:&lt;nullifier&gt;      height(8) blockHash(32)                                    -- nullifiers on chain
 * </pre>
 */
final class ChainKeys {

    static final byte[] META = ascii("chain:meta");
    static final byte[] HEAD = ascii("chain:head");
    static final byte[] HEIGHT_PREFIX = ascii("chain:h:");
    static final byte[] BLOCK_PREFIX = ascii("chain:b:");
    static final byte[] NULLIFIER_PREFIX = ascii("chain:n:");
    static final byte[] SEAL_PREFIX = ascii("chain:s:");

    private ChainKeys() {
    }

    static byte[] height(long height) {
        return ByteBuffer.allocate(HEIGHT_PREFIX.length + 8).put(HEIGHT_PREFIX).putLong(height).array();
    }

    static byte[] block(Bytes hash) {
        return concat(BLOCK_PREFIX, hash);
    }

    static byte[] seal(Bytes hash) {
        return concat(SEAL_PREFIX, hash);
    }

    static byte[] nullifier(Bytes nullifier) {
        return concat(NULLIFIER_PREFIX, nullifier);
    }

    private static byte[] concat(byte[] prefix, Bytes suffix) {
        byte[] key = new byte[prefix.length + suffix.length()];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        suffix.copyTo(key, prefix.length);
        return key;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
