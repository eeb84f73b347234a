package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeccakTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesPublishedKeccak256Vectors() {
        assertThat(HEX.formatHex(Keccak.hash256(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(HEX.formatHex(Keccak.hash256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    }

    /** With SHA-3's padding byte the same sponge must give the JDK's SHA3-256, at every length around the rate. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 64, 135, 136, 137, 200, 271, 272, 273, 500, 1000})
    void permutationAgreesWithTheJdksSha3(int length) throws Exception {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        assertThat(Keccak.sponge(data, (byte) 0x06))
                .isEqualTo(MessageDigest.getInstance("SHA3-256").digest(data));
    }
}
