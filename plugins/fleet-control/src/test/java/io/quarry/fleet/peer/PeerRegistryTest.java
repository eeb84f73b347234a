package io.quarry.fleet.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.testkit.MemoryKeyValueStore;
import io.quarry.fleet.TestIdentity;
import io.quarry.fleet.node.FleetRole;
import org.junit.jupiter.api.Test;

class PeerRegistryTest {

    private static Peer peer(String name, double pingMs, int hops, double geoKm, double score) {
        return new Peer(new TestIdentity().nodeId(), name, "127.0.0.1", 7070, FleetRole.WORKER, 1, 0, pingMs, hops, geoKm,
                score, "");
    }

    @Test
    void peersSurviveARestartOfTheRegistry() {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        PeerRegistry first = new PeerRegistry(store, PeerWeights.DEFAULT);
        Peer a = peer("a", 5, 1, 0, 50);
        Peer b = peer("b", 9, 1, 0, 50);
        first.put(a);
        first.put(b);
        first.remove(b.id());
        first.update(a.id(), p -> p.answered(1000, 3.5));

        PeerRegistry second = new PeerRegistry(store, PeerWeights.DEFAULT);

        assertThat(second.list()).hasSize(1);
        assertThat(second.get(a.id()).orElseThrow().pingMs()).isEqualTo(3.5);
        assertThat(second.get(a.id()).orElseThrow().status()).isEqualTo("online");
        assertThat(second.find("a")).isPresent();
        assertThat(second.get(b.id())).isEmpty();
    }

    @Test
    void optimalPeerIsTheNearestToTheIdealUnderTheWeights() {
        PeerRegistry registry = new PeerRegistry(new MemoryKeyValueStore(), PeerWeights.DEFAULT);
        Peer fastFar = peer("fast-far", 2, 1, 5000, 90);
        Peer slowNear = peer("slow-near", 40, 1, 10, 90);
        Peer unreliable = peer("unreliable", 3, 1, 10, 5);
        registry.put(fastFar);
        registry.put(slowNear);
        registry.put(unreliable);

        // Default weights: 5000 km counts 50 ms, a missing 85 score points 85 ms; slow-near costs about 40 ms.
        assertThat(registry.selectOptimalPeer().orElseThrow().name()).isEqualTo("slow-near");
        assertThat(registry.selectNearestPeers(2)).extracting(Peer::name).containsExactly("slow-near", "fast-far");

        registry.weights(new PeerWeights(1, 0, 0, 0));
        assertThat(registry.selectNearestPeers(3)).extracting(Peer::name)
                .containsExactly("fast-far", "unreliable", "slow-near");
    }

    @Test
    void anUnmeasuredPeerRanksBehindMeasuredOnes() {
        PeerRegistry registry = new PeerRegistry(new MemoryKeyValueStore(), PeerWeights.DEFAULT);
        registry.put(peer("never-pinged", -1, 0, 0, 100));
        registry.put(peer("pinged", 200, 3, 500, 40));
        assertThat(registry.selectOptimalPeer().orElseThrow().name()).isEqualTo("pinged");
    }

    @Test
    void controllersAreThePeersRegisteredWithAControllingRole() {
        PeerRegistry registry = new PeerRegistry(new MemoryKeyValueStore(), PeerWeights.DEFAULT);
        Peer worker = peer("w", 1, 1, 0, 50);
        Peer controller = new Peer(new TestIdentity().nodeId(), "c", "127.0.0.1", 1, FleetRole.CONTROLLER, 1, 0, -1, 0, 0, 50, "");
        registry.put(worker);
        registry.put(controller);
        assertThat(registry.controllerIds()).containsExactly(controller.id());
    }

    @Test
    void failuresLowerTheScoreAndMarkThePeerOffline() {
        Peer p = peer("p", 1, 1, 0, 50).failed("refused");
        assertThat(p.status()).isEqualTo("offline");
        assertThat(p.score()).isLessThan(50);
        assertThat(p.answered(5, 1).status()).isEqualTo("online");
    }
}
