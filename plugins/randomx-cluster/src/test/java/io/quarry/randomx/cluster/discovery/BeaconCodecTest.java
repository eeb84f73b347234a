package io.quarry.randomx.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.testing.HostileInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Beacons: what goes out comes back, and everything else is refused by reason without reading past the tag. */
class BeaconCodecTest {

    static final ClusterSecret SECRET = ClusterSecret.ofHex("5a".repeat(32));
    static final Beacon BEACON = new Beacon("c".repeat(64), ClusterRole.AUTO, "127.0.0.1", 7070,
            new NodeCapabilities(8, 4, 16_384, true, true, 1234.5), true, 42);

    private final BeaconCodec codec = new BeaconCodec(SECRET);

    @Test
    void roundTripsEveryField() {
        byte[] datagram = codec.encode(BEACON);
        assertThat(datagram.length).isLessThanOrEqualTo(BeaconCodec.MAX_BYTES);
        assertThat(codec.decode(datagram, datagram.length)).isEqualTo(BEACON);
        Beacon noHost = new Beacon("d".repeat(64), ClusterRole.WORKER, "", 1,
                new NodeCapabilities(0, 0, 0, false, false, 0), false, 0);
        byte[] small = codec.encode(noHost);
        assertThat(codec.decode(small, small.length)).isEqualTo(noHost);
    }

    @Test
    void refusesBeaconsOfAnotherClusterAndTamperedOnes() {
        byte[] foreign = new BeaconCodec(ClusterSecret.ofHex("5b".repeat(32))).encode(BEACON);
        assertThatThrownBy(() -> codec.decode(foreign, foreign.length))
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.reason()).isEqualTo(BeaconException.Reason.FORGED));
        byte[] tampered = codec.encode(BEACON);
        tampered[10] ^= 1;
        assertThatThrownBy(() -> codec.decode(tampered, tampered.length))
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.reason()).isEqualTo(BeaconException.Reason.FORGED));
    }

    @Test
    void refusesOversizeAndShortDatagrams() {
        assertThatThrownBy(() -> codec.decode(new byte[300], 300))
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.reason()).isEqualTo(BeaconException.Reason.OVERSIZE));
        assertThatThrownBy(() -> codec.decode(new byte[10], 10))
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.reason()).isEqualTo(BeaconException.Reason.MALFORMED));
    }

    @Test
    void hostileDatagramsAreRefusedNeverMisread() {
        List<byte[]> samples = List.of(codec.encode(BEACON));
        for (int i = 0; i < HostileInput.cases(2000); i++) {
            HostileInput in = HostileInput.forCase(i);
            byte[] datagram = i % 2 == 0 ? in.mutate(samples) : in.noise(400);
            try {
                Beacon read = codec.decode(datagram, datagram.length);
                assertThat(read).as("case %d: only an unchanged beacon decodes", i).isEqualTo(BEACON);
            } catch (BeaconException expected) {
                assertThat(expected.reason()).isNotEqualTo(BeaconException.Reason.REPLAYED);
            }
        }
    }
}
