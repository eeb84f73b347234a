package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Vectors: RandomX repository, src/tests/tests.cpp, "Hash test 1a" and "1e". */
class HashCommandTest {

    static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void printsTheReferenceHash() {
        Run run = Run.of("hash", "--key-hex", hex("test key 000"), "--input-hex", hex("This is a test"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("639183aae1bf4c9a35884cb46b09cad9175f04efd7684e7262a0ac1c2f0b4e3f");
    }

    @Test
    void hashesAMoneroBlob() {
        Run run = Run.of("hash", "--key-hex", hex("test key 001"), "--input-hex",
                "0b0b98bea7e805e0010a2126d287a2a0cc833d312cb786385a7c2f9de69d25537f584a9bc9977b00000000666fd8753bf61a8631f12984e3fd44f4014eca629276817b56f32e9b68bd82f416");
        assertThat(run.out().strip()).isEqualTo("c56414121acda1713c2f2a819d8ae38aed7c80c35c2a769298d34f03833cd5f1");
    }

    @Test
    void rejectsInputThatIsNotHex() {
        Run run = Run.of("hash", "--key-hex", "abc", "--input-hex", "00");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--key-hex must be an even number of hex digits");
    }

    @Test
    void rejectsAnUnknownHugePagePolicyWithoutAStackTrace() {
        Run run = Run.of("hash", "--key-hex", "00", "--input-hex", "00", "--huge-pages", "always");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("huge_pages must be auto, use or off").doesNotContain("Exception");
    }
}
