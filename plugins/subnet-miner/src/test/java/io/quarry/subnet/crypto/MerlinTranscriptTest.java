package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerlinTranscriptTest {

    @Test
    void matchesMerlinsPublishedSimpleTranscriptVector() {
        // Test vector from the merlin crate (dalek-cryptography/merlin, transcript.rs, equivalence_simple).
        MerlinTranscript t = new MerlinTranscript("test protocol");
        t.appendMessage("some label", bytes("some data"));
        byte[] challenge = new byte[32];
        t.challengeBytes("challenge", challenge);
        assertThat(HexFormat.of().formatHex(challenge))
                .isEqualTo("d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
    }

    @Test
    void copiesEvolveIndependently() {
        MerlinTranscript a = new MerlinTranscript("p");
        MerlinTranscript b = a.copy();
        a.appendMessage("l", bytes("x"));
        b.appendMessage("l", bytes("y"));
        assertThat(challenge(a)).isNotEqualTo(challenge(b));
    }

    @Test
    void longMessagesCrossBlockBoundaries() {
        MerlinTranscript a = new MerlinTranscript("p");
        MerlinTranscript b = new MerlinTranscript("p");
        byte[] big = new byte[1000];
        a.appendMessage("l", big);
        big[999] = 1;
        b.appendMessage("l", big);
        assertThat(challenge(a)).isNotEqualTo(challenge(b));
    }

    private static byte[] challenge(MerlinTranscript t) {
        byte[] out = new byte[32];
        t.challengeBytes("c", out);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
