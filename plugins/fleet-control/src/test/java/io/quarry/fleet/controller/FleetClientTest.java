package io.quarry.fleet.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.Transport;
import io.quarry.fleet.FleetControlConfig;
import io.quarry.fleet.TestIdentity;
import io.quarry.fleet.bundle.DeployAck;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.peer.PeerWeights;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.testkit.MemoryKeyValueStore;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FleetClientTest {

    @Test
    void aDeploysWaitCoversItsBodyAndItsInstall() {
        Duration wait = FleetProtocol.deployWait(Duration.ofSeconds(5), 10 * FleetProtocol.MIN_UPLOAD_BYTES_PER_SECOND,
                3 * FleetProtocol.MIN_INSTALL_BYTES_PER_SECOND);

        assertThat(wait).isEqualTo(Duration.ofSeconds(5 + 10 + 3));
        // The protocol as registered waits long enough after the last byte to install the largest bundle allowed.
        assertThat(FleetProtocol.DEPLOY.timeout()).isEqualTo(FleetProtocol.deployWait(
                Duration.ofMillis(FleetControlConfig.DEFAULT_COMMAND_TIMEOUT_MS), 0, FleetControlConfig.MAX_BUNDLE_BYTES));
        assertThat(FleetProtocol.DEPLOY.timeout())
                .isGreaterThan(Duration.ofSeconds(FleetControlConfig.MAX_BUNDLE_BYTES / FleetProtocol.MIN_INSTALL_BYTES_PER_SECOND));
    }

    @Test
    void anUploadNotAnsweredWithinItsWaitIsCancelledAndTheTransportWaitsAsLong() {
        AtomicReference<Protocol<?, ?>> used = new AtomicReference<>();
        CompletableFuture<Object> never = new CompletableFuture<>();
        Transport transport = (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(),
                new Class<?>[] {Transport.class}, (proxy, method, args) -> {
                    // A deploy is one upload; any other call to the transport is a failure of the test.
                    if (!method.getName().equals("upload")) {
                        throw new AssertionError("FleetClient called transport." + method.getName() + ", not upload");
                    }
                    used.set((Protocol<?, ?>) args[1]);
                    return never;
                });
        PeerRegistry registry = new PeerRegistry(new MemoryKeyValueStore(), PeerWeights.DEFAULT);
        Peer peer = new Peer(new TestIdentity().nodeId(), "w1", "127.0.0.1", 7070, FleetRole.WORKER, 1, 0, 1, 1, 0,
                50, "");
        registry.put(peer);
        FleetClient client = new FleetClient(new TestIdentity(), transport, registry, InstantSource.system(),
                Duration.ofMillis(100));

        assertThatThrownBy(() -> client.upload(peer, CommandType.DEPLOY, Map.of(), new ByteArrayInputStream(new byte[0]),
                0, DeployAck.class)).isInstanceOf(RemoteError.class).hasMessageContaining("no reply within 100 ms");

        assertThat(never).isCancelled();
        assertThat(used.get().id()).isEqualTo(FleetProtocol.DEPLOY.id());
        assertThat(used.get().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(used.get().maxConcurrent()).isEqualTo(FleetProtocol.MAX_CONCURRENT_DEPLOYS);
        assertThat(registry.get(peer.id()).orElseThrow().status()).isNotEqualTo("online");
    }
}
