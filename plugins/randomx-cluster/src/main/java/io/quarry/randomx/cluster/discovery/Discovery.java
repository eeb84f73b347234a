package io.quarry.randomx.cluster.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and receives discovery beacons over UDP. Each {@link #tick()} sends this node's beacon to the configured
 * peers ({@code discovery_peers}, and {@code connect}), to every live peer's source address, and to the broadcast
 * address of the interface the socket is bound to (none on loopback), then re-evaluates the {@link Election}.
 * Received datagrams are checked by {@link BeaconCodec} and the election; each refusal is counted by reason.
 */
public final class Discovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /** Received datagrams are read into a buffer this large, so an oversize one is seen as such. */
    private static final int RECEIVE_BUFFER = 2048;

    private final BeaconCodec codec;
    private final Election election;
    private final LongFunction<Beacon> self;
    private final Set<InetSocketAddress> configured = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final AtomicLong counter;
    private final AtomicLong accepted = new AtomicLong();
    private final Map<BeaconException.Reason, AtomicLong> refused = new EnumMap<>(BeaconException.Reason.class);
    private volatile DatagramSocket socket;
    /** Receives broadcasts when {@link #socket} is bound to one address (Linux delivers none to such a socket). */
    private volatile DatagramSocket broadcastSocket;
    private volatile Optional<InetSocketAddress> broadcast = Optional.empty();
    private Thread receiver;

    /**
     * @param codec encodes and checks beacons with the cluster secret
     * @param election takes the beacons that pass
     * @param self this node's beacon for a given counter
     * @param configured endpoints beacons always go to
     * @param firstCounter the first counter value (the start time in microseconds, so a restarted node's
     *     beacons are never taken for replays)
     */
    public Discovery(BeaconCodec codec, Election election, LongFunction<Beacon> self,
                     List<InetSocketAddress> configured, long firstCounter) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.election = Objects.requireNonNull(election, "election");
        this.self = Objects.requireNonNull(self, "self");
        this.configured.addAll(configured);
        this.counter = new AtomicLong(firstCounter);
        for (BeaconException.Reason reason : BeaconException.Reason.values()) {
            refused.put(reason, new AtomicLong());
        }
    }

    /**
     * Binds {@code bind} (UDP) and starts receiving on a virtual thread.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming it
     */
    public synchronized void start(InetSocketAddress bind) {
        if (socket != null) {
            throw new IllegalStateException("discovery already started on " + socket.getLocalSocketAddress());
        }
        try {
            DatagramSocket opened = new DatagramSocket(bind);
            opened.setBroadcast(true);
            socket = opened;
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException("cannot bind the discovery port " + bind
                    + " (UDP): " + e.getMessage() + "; free it or change randomx-cluster.discovery_port", e));
        }
        broadcast = broadcastFor(bind);
        DatagramSocket main = socket;
        receiver = Thread.ofVirtual().name("randomx-discovery").start(() -> receive(main));
        if (broadcast.isPresent() && !bind.getAddress().isAnyLocalAddress()) {
            // A socket bound to a unicast address gets no broadcasts: the others' beacons arrive on a second one
            // bound to this interface's broadcast address (shared with other nodes on the same host).
            try {
                DatagramSocket listener = new DatagramSocket(null);
                listener.setReuseAddress(true);
                listener.bind(broadcast.get());
                broadcastSocket = listener;
                Thread.ofVirtual().name("randomx-discovery-broadcast").start(() -> receive(listener));
            } catch (SocketException e) {
                LOG.warn("cluster discovery cannot receive broadcasts on {} ({}); only discovery_peers reach this node",
                        broadcast.get(), e.getMessage());
            }
        }
        LOG.info("cluster discovery on udp {}{}", socket.getLocalSocketAddress(),
                broadcast.map(b -> ", broadcasting to " + b).orElse(""));
    }

    /** Where the socket is bound (the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends this node's beacon to every target, then re-evaluates the election. */
    public void tick() {
        DatagramSocket out = socket;
        if (out != null && !out.isClosed()) {
            byte[] datagram = codec.encode(self.apply(counter.incrementAndGet()));
            // Resolved before de-duplication: a configured peer is usually also a live peer's source address.
            Set<InetSocketAddress> targets = new LinkedHashSet<>();
            configured.forEach(t -> targets.add(t.isUnresolved() ? new InetSocketAddress(t.getHostString(), t.getPort()) : t));
            election.live().forEach(p -> targets.add(p.source()));
            broadcast.ifPresent(targets::add);
            for (InetSocketAddress target : targets) {
                try {
                    out.send(new DatagramPacket(datagram, datagram.length, target));
                } catch (IOException e) {
                    LOG.debug("beacon to {} not sent: {}", target, e.getMessage());
                }
            }
        }
        election.evaluate();
    }

    /** Adds an endpoint beacons always go to (as if listed in {@code discovery_peers}). */
    public void addPeer(InetSocketAddress endpoint) {
        configured.add(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** Beacons taken. */
    public long accepted() {
        return accepted.get();
    }

    /** Datagrams refused for {@code reason}. */
    public long refused(BeaconException.Reason reason) {
        return refused.get(reason).get();
    }

    /** Takes one datagram as if it had arrived from {@code source}; what the receive loop does with each. */
    void handle(byte[] data, int length, InetSocketAddress source) {
        try {
            election.observe(codec.decode(data, length), source);
            accepted.incrementAndGet();
        } catch (BeaconException e) {
            refused.get(e.reason()).incrementAndGet();
            LOG.debug("datagram from {} refused: {}", source, e.getMessage());
        }
    }

    private void receive(DatagramSocket in) {
        byte[] buffer = new byte[RECEIVE_BUFFER];
        while (!in.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                in.receive(packet);
            } catch (IOException e) {
                if (!in.isClosed()) {
                    LOG.debug("discovery receive failed: {}", e.getMessage());
                }
                continue;
            }
            handle(buffer, packet.getLength(), (InetSocketAddress) packet.getSocketAddress());
        }
    }

    /** The broadcast address of the bound interface: 255.255.255.255 for a wildcard bind, none on loopback. */
    private static Optional<InetSocketAddress> broadcastFor(InetSocketAddress bind) {
        InetAddress address = bind.getAddress();
        if (address == null || address.isLoopbackAddress()) {
            return Optional.empty();
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of(new InetSocketAddress("255.255.255.255", bind.getPort()));
        }
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(address);
            if (nic == null) {
                return Optional.empty();
            }
            return nic.getInterfaceAddresses().stream().filter(a -> address.equals(a.getAddress()))
                    .map(InterfaceAddress::getBroadcast).filter(Objects::nonNull).findFirst()
                    .map(b -> new InetSocketAddress(b, bind.getPort()));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
        }
        if (broadcastSocket != null) {
            broadcastSocket.close();
        }
        if (receiver != null) {
            receiver.interrupt();
        }
    }
}
