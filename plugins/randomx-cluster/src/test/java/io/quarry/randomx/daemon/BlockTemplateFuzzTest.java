package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Templates come from the network: mutated template blobs and offsets, from fixed seeds, must either parse
 * (and then fill and hash without failing) or be refused with {@link IllegalArgumentException}.
 */
class BlockTemplateFuzzTest {

    private static final byte[] TEMPLATE = HexFormat.of().parseHex(MoneroVectors.TEMPLATE_V7);

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mutatedTemplatesParseOrAreRefusedCleanly(long seed) {
        Random random = new Random(seed);
        byte[] blob = TEMPLATE.clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(blob.length);
            switch (random.nextInt(3)) {
                case 0 -> blob[at] = (byte) random.nextInt(256);
                case 1 -> blob = Arrays.copyOf(blob, at);
                default -> blob[Math.min(at, 60)] = (byte) (0x80 | random.nextInt(128));
            }
            if (blob.length == 0) {
                break;
            }
        }
        byte[] input = blob;
        int offset = random.nextBoolean() ? MoneroVectors.RESERVED_OFFSET_V7 : random.nextInt(300) - 10;
        int size = random.nextBoolean() ? 8 : random.nextInt(300) - 10;
        assertThatCode(() -> {
            try {
                BlockTemplate template = new BlockTemplate(input, offset, size, BigInteger.TEN, 1, new byte[32], "");
                template.hashingBlob(new byte[Math.min(4, size)]);
                template.blockBlob(new byte[Math.min(4, size)], 7);
            } catch (IllegalArgumentException refused) {
                // the expected way to say no
            }
        }).doesNotThrowAnyException();
    }
}
