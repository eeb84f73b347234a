package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlockTemplateTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rebuildsMonerodsHashingBlobOfATemplateWithoutTransactions() {
        BlockTemplate template = v16();
        assertThat(template.transactionCount()).isZero();
        assertThat(HEX.formatHex(template.hashingBlob(new byte[60]))).isEqualTo(MoneroVectors.HASHING_V16);
    }

    @Test
    void rebuildsMonerodsHashingBlobOfATemplateWithFifteenTransactions() {
        BlockTemplate template = new BlockTemplate(HEX.parseHex(MoneroVectors.TEMPLATE_V7),
                MoneroVectors.RESERVED_OFFSET_V7, 60, BigInteger.valueOf(61043624293L), 1561970, new byte[32], "");
        assertThat(template.transactionCount()).isEqualTo(15);
        assertThat(HEX.formatHex(template.hashingBlob(new byte[0]))).isEqualTo(MoneroVectors.HASHING_V7);
    }

    /** A block's id is Keccak of its hashing blob's length (varint) and the blob: checks the whole chain. */
    @Test
    void hashingBlobsOfMinedBlocksGiveTheirBlockIds() {
        // Reserved areas at the last byte of each block's extra; nothing is changed (empty value).
        assertThat(blockId(MoneroVectors.BLOCK_2751506, 147)).isEqualTo(MoneroVectors.ID_2751506);
        assertThat(blockId(MoneroVectors.BLOCK_2751210, 138)).isEqualTo(MoneroVectors.ID_2751210);
    }

    @Test
    void fillingTheReservedAreaGivesEachWorkerItsOwnHashingBlob() {
        BlockTemplate template = v16();
        byte[] one = template.hashingBlob(new byte[] {1, 0, 0, 0});
        byte[] two = template.hashingBlob(new byte[] {2, 0, 0, 0});
        assertThat(one).isNotEqualTo(two);
        assertThat(HEX.formatHex(one)).isNotEqualTo(MoneroVectors.HASHING_V16);
        // Same header, so the nonce sits where miners expect it; only the tree root differs.
        assertThat(HEX.formatHex(one, 0, 43)).isEqualTo(MoneroVectors.HASHING_V16.substring(0, 86));
        assertThat(one).hasSize(76);
    }

    @Test
    void blockBlobCarriesTheReservedValueAndTheNonce() {
        byte[] block = v16().blockBlob(new byte[] {9, 8, 7, 6}, 0x12345678);
        assertThat(HEX.formatHex(block, 39, 43)).isEqualTo("78563412");
        assertThat(HEX.formatHex(block, 131, 135)).isEqualTo("09080706");
        byte[] original = HEX.parseHex(MoneroVectors.TEMPLATE_V16);
        assertThat(HEX.formatHex(block, 135, block.length)).isEqualTo(HEX.formatHex(original, 135, original.length));
    }

    @Test
    void refusesTemplatesItCannotFillSafely() {
        byte[] blob = HEX.parseHex(MoneroVectors.TEMPLATE_V16);
        assertThatThrownBy(() -> template(blob, 20, 8)).hasMessageContaining("not inside miner_tx.extra");
        assertThatThrownBy(() -> template(blob, 131, 61)).hasMessageContaining("not inside miner_tx.extra");
        byte[] truncated = java.util.Arrays.copyOf(blob, 120);
        assertThatThrownBy(() -> template(truncated, 100, 8)).hasMessageContaining("miner_tx.extra: 95 bytes do not fit");
        byte[] cut = java.util.Arrays.copyOf(blob, 58);
        assertThatThrownBy(() -> template(cut, 50, 8)).hasMessageContaining("vout amount: blob ends");
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + 1);
        assertThatThrownBy(() -> template(longer, 131, 8)).hasMessageContaining("left after the block");
        byte[] badOutput = blob.clone();
        badOutput[61] = 0x05;
        assertThatThrownBy(() -> template(badOutput, 131, 8)).hasMessageContaining("output type 5");
        assertThatThrownBy(() -> template(blob, 131, 8, BigInteger.ZERO)).hasMessageContaining("difficulty");
    }

    @Test
    void varintsRoundTrip() {
        for (long v : new long[] {0, 1, 127, 128, 300, 16_383, 16_384, 1L << 35, Long.MAX_VALUE, -1L}) {
            byte[] encoded = Varint.encode(v);
            assertThat(new Varint.Reader(encoded, 0).varint("v")).as("%d", v).isEqualTo(v);
        }
        assertThat(Varint.encode(300)).containsExactly(0xAC, 0x02);
        assertThatThrownBy(() -> new Varint.Reader(new byte[] {(byte) 0x80, 0}, 0).varint("v"))
                .hasMessageContaining("non-canonical");
    }

    static BlockTemplate v16() {
        return new BlockTemplate(HEX.parseHex(MoneroVectors.TEMPLATE_V16), MoneroVectors.RESERVED_OFFSET_V16, 60,
                BigInteger.valueOf(283305047039L), 3195018, HEX.parseHex(MoneroVectors.SEED_V16),
                MoneroVectors.PREV_V16);
    }

    private static BlockTemplate template(byte[] blob, int offset, int size) {
        return template(blob, offset, size, BigInteger.TEN);
    }

    private static BlockTemplate template(byte[] blob, int offset, int size, BigInteger difficulty) {
        return new BlockTemplate(blob, offset, size, difficulty, 1, new byte[32], "");
    }

    private static String blockId(String blockHex, int reservedOffset) {
        BlockTemplate block = template(HEX.parseHex(blockHex), reservedOffset, 1);
        byte[] hashing = block.hashingBlob(new byte[0]);
        ByteArrayOutputStream prefixed = new ByteArrayOutputStream();
        prefixed.writeBytes(Varint.encode(hashing.length));
        prefixed.writeBytes(hashing);
        return HEX.formatHex(Keccak.hash256(prefixed.toByteArray()));
    }
}
