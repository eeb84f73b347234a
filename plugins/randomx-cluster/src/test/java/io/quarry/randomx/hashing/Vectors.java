package io.quarry.randomx.hashing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * RandomX reference vectors (RandomX v1) from the RandomX repository, src/tests/tests.cpp: "Hash test 1a-1e"
 * (keys and inputs without their C string terminator).
 */
final class Vectors {

    static final byte[] KEY_000 = ascii("test key 000");
    static final byte[] KEY_001 = ascii("test key 001");

    static final byte[] THIS_IS_A_TEST = ascii("This is a test");
    static final byte[] LOREM = ascii("Lorem ipsum dolor sit amet");
    static final byte[] SED_DO = ascii("sed do eiusmod tempor incididunt ut labore et dolore magna aliqua");

    /** Test 1a: key 000, "This is a test". */
    static final String HASH_A = "639183aae1bf4c9a35884cb46b09cad9175f04efd7684e7262a0ac1c2f0b4e3f";
    /** Test 1b: key 000, "Lorem ipsum dolor sit amet". */
    static final String HASH_B = "300a0adb47603dedb42228ccb2b211104f4da45af709cd7547cd049e9489c969";
    /** Test 1c: key 000, "sed do eiusmod ...". */
    static final String HASH_C = "c36d4ed4191e617309867ed66a443be4075014e2b061bcdaf9ce7b721d2b77a8";
    /** Test 1d: key 001, "sed do eiusmod ...". */
    static final String HASH_D = "e9ff4503201c0c2cca26d285c93ae883f9b1d30c9eb240b820756f2d5a7905fc";

    /** Test 1e: key 001, a 76-byte Monero hashing blob whose nonce (bytes 39..42) is 0. */
    static final byte[] MONERO_BLOB = HexFormat.of().parseHex("0b0b98bea7e805e0010a2126d287a2a0cc833d312cb786385a7c2f9de69d25537f584a9bc9977b00000000666fd8753bf61a8631f12984e3fd44f4014eca629276817b56f32e9b68bd82f416");
    static final String HASH_E = "c56414121acda1713c2f2a819d8ae38aed7c80c35c2a769298d34f03833cd5f1";

    /**
     * Not a published vector: a 32-byte key, as Monero seeds are, for tests of the mining loop (whose jobs carry
     * Monero seeds); their expected hashes come from verification VMs checked against the vectors above.
     */
    static final byte[] SEED_32 = java.util.Arrays.copyOf(ascii("test key 000"), 32);
    /** A second 32-byte key. */
    static final byte[] SEED_32_B = java.util.Arrays.copyOf(ascii("test key 001"), 32);

    private Vectors() {
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
