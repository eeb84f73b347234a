package io.quarry.fleet.controller;

import io.quarry.api.transport.Transport;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.peer.HostPort;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers peers: with an id given up front it is pinned as given; without one the transport's handshake
 * learns the id of the node answering at the address (trust on first use) and pins that. Either way every
 * later connection must prove the pinned id. A first ping records whether it answers.
 */
public final class PeerAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(PeerAdmission.class);
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Transport transport;
    private final PeerRegistry registry;
    private final FleetController controller;
    private final InstantSource clock;
    private final Duration timeout;
    private final String selfId;

    public PeerAdmission(Transport transport, PeerRegistry registry, FleetController controller, InstantSource clock,
            Duration timeout, String selfId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
    }

    /**
     * Registers a peer and returns it as stored (after its first ping).
     *
     * @param id the node id, or null to learn it by handshake
     * @throws IllegalArgumentException for a bad address, name or id, or a name taken by another peer
     * @throws RemoteError when the id is to be learned and nothing answers at the address
     */
    public Peer add(String address, String name, String id, FleetRole role, int hops, double geoKm) {
        HostPort where = HostPort.parse(address);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        String pinned = id == null || id.isEmpty() ? learn(where) : id;
        if (!NODE_ID.matcher(pinned).matches()) {
            throw new IllegalArgumentException("id must be 64 lowercase hex characters, was '" + pinned + "'");
        }
        if (pinned.equals(selfId)) {
            throw new IllegalArgumentException("that is this node's own id");
        }
        registry.find(name).filter(p -> !p.id().equals(pinned)).ifPresent(p -> {
            throw new IllegalArgumentException("the name '" + name + "' is taken by peer " + p.id());
        });
        Peer peer = new Peer(pinned, name, where.host(), where.port(), role, clock.millis(), 0, -1, hops, geoKm,
                Peer.INITIAL_SCORE, "");
        registry.put(peer);
        LOG.info("registered peer {} ({}) at {} as {}", name, pinned, address, role.label());
        try {
            controller.ping(peer);
        } catch (RemoteError e) {
            // Registered either way: a worker that has not registered us yet refuses, an offline one says so.
            LOG.info("first ping of peer {}: {}", name, e.getMessage());
        }
        return registry.get(pinned).orElse(peer);
    }

    private String learn(HostPort where) {
        try {
            return transport.identify(where.host(), where.port()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RemoteError(null, "no node answered at " + where.host() + ":" + where.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        } catch (TimeoutException e) {
            throw new RemoteError(null, "no node answered at " + where.host() + ":" + where.port() + " within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteError(null, "interrupted");
        }
    }
}
