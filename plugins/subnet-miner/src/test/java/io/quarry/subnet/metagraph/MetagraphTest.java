package io.quarry.subnet.metagraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.subnet.MinerFixtures;
import io.quarry.testing.HostileInput;
import io.quarry.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetagraphTest {

    @TempDir
    Path dir;

    private final String validator = MinerFixtures.address(MinerFixtures.VALIDATOR);

    @Test
    void parsesASnapshotAndChecksValidators() {
        Metagraph m = MetagraphJson.parse(bytes(MinerFixtures.metagraph(List.of(
                MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1000, true),
                MinerFixtures.neuron(2, MinerFixtures.NO_PERMIT, 5000, false),
                MinerFixtures.neuron(3, MinerFixtures.LOW_STAKE, 999.99, true)))));
        assertThat(m.netuid()).isEqualTo(7);
        assertThat(m.block()).isEqualTo(4242);
        assertThat(m.validators()).isEqualTo(2);
        assertThat(m.byHotkey(validator).orElseThrow().uid()).isEqualTo(1);
        assertThat(m.byHotkey(validator).orElseThrow().incentive()).hasValue(0.25);
        ValidatorPolicy policy = new ValidatorPolicy(1000);
        assertThat(policy.refusal(m, validator)).isEmpty();
        assertThat(policy.refusal(m, MinerFixtures.address(MinerFixtures.NO_PERMIT))).get().asString()
                .contains("permit");
        assertThat(policy.refusal(m, MinerFixtures.address(MinerFixtures.LOW_STAKE))).get().asString()
                .contains("stake");
        assertThat(policy.refusal(m, MinerFixtures.address(MinerFixtures.STRANGER))).get().asString()
                .contains("not registered");
    }

    @Test
    void rejectsSnapshotsThatAreWrongNamingTheField() {
        assertThatThrownBy(() -> MetagraphJson.parse(bytes("[]"))).hasMessageContaining("object");
        assertThatThrownBy(() -> MetagraphJson.parse(bytes("{\"netuid\":1,\"block\":1}"))).hasMessageContaining("neurons");
        String badKey = MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1, true).replace(validator, "5Bad");
        assertThatThrownBy(() -> MetagraphJson.parse(bytes(MinerFixtures.metagraph(List.of(badKey)))))
                .hasMessageContaining("neurons[0].hotkey");
        String negative = MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1, true).replace("\"stake\": 1.0", "\"stake\": -1");
        assertThatThrownBy(() -> MetagraphJson.parse(bytes(MinerFixtures.metagraph(List.of(negative)))))
                .hasMessageContaining("stake");
        assertThatThrownBy(() -> MetagraphJson.parse(new byte[MetagraphJson.MAX_BYTES + 1])).hasMessageContaining("bytes");
        String twoStakes = MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1, true)
                .replace("\"stake\": 1.0", "\"stake\": 1.0, \"stake\": 5000.0");
        assertThatThrownBy(() -> MetagraphJson.parse(bytes(MinerFixtures.metagraph(List.of(twoStakes)))))
                .as("a duplicate key is refused, not read as one of its values").isInstanceOf(MetagraphException.class)
                .hasMessageContaining("Duplicate field 'stake'");
    }

    @Test
    void hostileSnapshotsFailWithAMetagraphExceptionOnly() {
        List<byte[]> samples = List.of(bytes(MinerFixtures.metagraph(List.of(
                MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1000, true)))));
        int cases = HostileInput.cases(400);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            byte[] input = in.oneOf(in.mutate(samples), in.noise(512));
            try {
                assertThat(MetagraphJson.parse(input).neurons()).isNotNull();
            } catch (MetagraphException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void fileIsReloadedWhenItChangesAndABrokenVersionKeepsTheLastGoodOne() throws Exception {
        Path file = dir.resolve("metagraph.json");
        MutableClock clock = new MutableClock(0);
        MetagraphFile source = new MetagraphFile(file, clock, Duration.ofSeconds(1));
        assertThat(source.current().neurons()).isEmpty();
        assertThat(source.describe()).contains("missing");

        write(file, MinerFixtures.metagraph(List.of(MinerFixtures.neuron(1, MinerFixtures.VALIDATOR, 1000, true))), 1);
        assertThat(source.current().neurons()).as("not looked at again within the interval").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.current().byHotkey(validator)).isPresent();

        write(file, "{ broken", 2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.current().byHotkey(validator)).isPresent();
        assertThat(source.describe()).contains("invalid");

        write(file, MinerFixtures.metagraph(List.of(MinerFixtures.neuron(1, MinerFixtures.BURSTY, 1000, true))), 3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.current().byHotkey(validator)).isEmpty();
        assertThat(source.current().byHotkey(MinerFixtures.address(MinerFixtures.BURSTY))).isPresent();
    }

    /** Writes and sets a distinct modification time, so the change is seen however coarse the file system clock. */
    private static void write(Path file, String content, int version) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + version * 1000L));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
