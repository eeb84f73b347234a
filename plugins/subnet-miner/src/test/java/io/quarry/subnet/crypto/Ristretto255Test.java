package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link Ristretto255} against the published test vectors of RFC 9496, Appendix A. */
class Ristretto255Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 9496, Appendix A.1: the encodings of 0*B .. 15*B. */
    private static final String[] MULTIPLES = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
        "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
        "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
        "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
        "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
        "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
        "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
        "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
        "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
        "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
        "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
        "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
        "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
        "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
        "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
    };

    /** Some of RFC 9496, Appendix A.2's invalid encodings. */
    private static final String[] BAD = {
        // non-canonical field elements
        "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // negative field elements
        "0100000000000000000000000000000000000000000000000000000000000000",
        "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516c77d7f060",
        // non-square x^2, negative xy, or y = 0
        "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
        "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
        "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
        "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
        "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
        "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
        "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
        "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
        // s = -1, which gives y = 0
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };

    @Test
    void repeatedAdditionOfTheGeneratorGivesThePublishedEncodings() {
        long[] generator = new long[Edwards25519.EXTENDED];
        assertThat(Ristretto255.decode(generator, HEX.parseHex(MULTIPLES[1]), 0)).isTrue();
        long[] cached = new long[Edwards25519.CACHED];
        Edwards25519.toCached(cached, 0, generator);
        long[] acc = Edwards25519.identity();
        long[] w = new long[Edwards25519.WORKSPACE];
        long[] decoded = new long[Edwards25519.EXTENDED];
        for (int k = 0; k < MULTIPLES.length; k++) {
            assertThat(HEX.formatHex(Reference.encode(acc))).as("%d*B", k).isEqualTo(MULTIPLES[k]);
            assertThat(Ristretto255.decode(decoded, HEX.parseHex(MULTIPLES[k]), 0)).as("%d*B", k).isTrue();
            assertThat(HEX.formatHex(Reference.encode(decoded))).isEqualTo(MULTIPLES[k]);
            Edwards25519.addCached(acc, cached, 0, false, w);
        }
    }

    @Test
    void theFixedBaseTableGivesThePublishedEncodings() {
        long[] generator = new long[Edwards25519.EXTENDED];
        Ristretto255.decode(generator, HEX.parseHex(MULTIPLES[1]), 0);
        FixedBaseTable table = FixedBaseTable.of(generator, 8);
        long[] w = new long[Edwards25519.WORKSPACE];
        for (int k = 0; k < MULTIPLES.length; k++) {
            byte[] scalar = new byte[32];
            scalar[0] = (byte) k;
            long[] acc = Edwards25519.identity();
            table.accumulate(acc, scalar, w);
            assertThat(HEX.formatHex(Reference.encode(acc))).as("%d*B", k).isEqualTo(MULTIPLES[k]);
        }
    }

    @Test
    void thePublishedBadEncodingsAreRefused() {
        long[] p = new long[Edwards25519.EXTENDED];
        for (String bad : BAD) {
            assertThat(Ristretto255.decode(p, HEX.parseHex(bad), 0)).as(bad).isFalse();
        }
    }
}
