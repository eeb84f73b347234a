package io.quarry.poies.stratum;

import io.quarry.poies.hash.NonceHasher;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import java.util.HexFormat;

/**
 * What an outside Stratum miner does with a {@code mining.notify}: hashes {@code header || nonce || mixSeed} from
 * the notify's hex alone (with the hash package's fast midstate hasher) and finds nonces whose H(u) reaches a
 * threshold. Also made from a template, for tests that mine over getwork or JSON-RPC.
 */
public final class TestScanner {

    private final NonceHasher hasher;

    /** A scanner for {@code template}, as a getwork or RPC miner hashes it. */
    public TestScanner(HeaderTemplate template) {
        this.hasher = new NonceHasher(template);
    }

    /** A scanner for the header and mix seed of a notify (0x-hex, positions 3 and 4). */
    public TestScanner(String headerHex, String mixSeedHex) {
        this.hasher = new NonceHasher(HexFormat.of().parseHex(headerHex.substring(2)),
                Bytes.parseHex(mixSeedHex, 32, "mixSeed"));
    }

    /** The first nonce from {@code from} whose H(u) is at least {@code minMicro} and below {@code maxMicro}. */
    public long find(long from, long minMicro, long maxMicro) {
        long limit = UDraw.prefilterLimit(minMicro);
        for (long nonce = from; ; nonce++) {
            if (Long.compareUnsigned(hasher.hashTop64(nonce), limit) <= 0) {
                long h = UDraw.hMicroOfDigest(hasher.lastDigest());
                if (h >= minMicro && h < maxMicro) {
                    return nonce;
                }
            }
        }
    }

    /** H(u) of {@code nonce}, in micro-nats. */
    public long hMicro(long nonce) {
        return UDraw.hMicroOfDigest(hasher.digest(nonce));
    }
}
