package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.HostileInput;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ss58Test {

    private final byte[] key = Sr25519.fromSeed(Sr25519Test.seed(3)).publicKey();

    @Test
    void roundTripsGenericSubstrateAddresses() {
        String address = Ss58.encode(key);
        assertThat(address).startsWith("5");
        Ss58 decoded = Ss58.decode(address);
        assertThat(decoded.prefix()).isEqualTo(42);
        assertThat(decoded.publicKey()).isEqualTo(key);
    }

    @Test
    void roundTripsOneAndTwoBytePrefixes() {
        for (int prefix : new int[] {0, 2, 63, 64, 255, 1284, 16383}) {
            Ss58 address = new Ss58(prefix, key);
            assertThat(Ss58.decode(address.encode())).as("prefix %d", prefix).isEqualTo(address);
        }
    }

    @Test
    void rejectsABrokenChecksum() {
        String address = Ss58.encode(key);
        char last = address.charAt(address.length() - 1);
        String broken = address.substring(0, address.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThatThrownBy(() -> Ss58.decode(broken)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadCharactersAndLengths() {
        assertThatThrownBy(() -> Ss58.decode("5Gr0O")).hasMessageContaining("base58");
        assertThatThrownBy(() -> Ss58.decode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ss58.decode("5".repeat(500))).hasMessageContaining("longer");
        assertThatThrownBy(() -> Ss58.decode(Base58.encode(Arrays.copyOf(key, 20))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostileTextNeverEscapesAsAnythingButIllegalArgument() {
        int cases = HostileInput.cases(500);
        String valid = Ss58.encode(key);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            String text = in.oneOf(in.text(200), new String(in.mutate(HostileInput.utf8(valid)),
                    java.nio.charset.StandardCharsets.UTF_8));
            try {
                Ss58 decoded = Ss58.decode(text);
                assertThat(decoded.publicKey()).hasSize(32);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
