package io.quarry.fleet.controller;

import io.quarry.api.identity.Identity;
import io.quarry.api.transport.Transport;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.protocol.CommandSigning;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.ErrorReply;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.protocol.FleetReply;
import java.io.InputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Sends signed commands to peers and reads their replies; every call updates the peer's last-seen time, ping
 * and score in the registry (a failure marks it offline).
 */
public final class FleetClient {

    private final Identity identity;
    private final Transport transport;
    private final PeerRegistry registry;
    private final InstantSource clock;
    private final Duration timeout;

    public FleetClient(Identity identity, Transport transport, PeerRegistry registry, InstantSource clock, Duration timeout) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The identity commands are signed with. */
    public Identity identity() {
        return identity;
    }

    /**
     * Sends {@code type} with {@code payload} to {@code peer} and returns the reply payload as {@code replyType}.
     *
     * @throws RemoteError when the peer is unreachable, answers with an error, or answers nonsense
     */
    public <T> T call(Peer peer, CommandType type, Object payload, Class<T> replyType) {
        FleetCommand command = sign(peer, type, payload);
        return exchange(peer, type, command, replyType, timeout,
                () -> transport.request(peer.address(), FleetProtocol.COMMAND, command));
    }

    /**
     * Sends {@code type} with {@code payload} to {@code peer} on {@link FleetProtocol#DEPLOY}, streams
     * {@code body} ({@code bodyBytes} long, sealing a tar of at most as many bytes) after it, and returns the reply
     * payload as {@code replyType}. The whole call, from waiting for one of the peer's deploy slots to the reply,
     * is given {@link FleetProtocol#deployWait}; the transport's own wait after the last body byte is set to the
     * same, so this is the one limit. When it runs out the call is cancelled: the worker's handler sees its body
     * fail and the body stops being read.
     *
     * @throws RemoteError when the peer is unreachable, answers with an error, or answers nonsense
     */
    public <T> T upload(Peer peer, CommandType type, Object payload, InputStream body, long bodyBytes, Class<T> replyType) {
        FleetCommand command = sign(peer, type, payload);
        Duration wait = FleetProtocol.deployWait(timeout, bodyBytes, bodyBytes);
        return exchange(peer, type, command, replyType, wait,
                () -> transport.upload(peer.address(), FleetProtocol.deploy(wait), command, body));
    }

    private FleetCommand sign(Peer peer, CommandType type, Object payload) {
        return CommandSigning.sign(identity, UUID.randomUUID().toString(), type.wire(), peer.id(),
                clock.millis(), FleetJson.write(payload));
    }

    private <T> T exchange(Peer peer, CommandType type, FleetCommand command, Class<T> replyType, Duration wait,
            Supplier<CompletableFuture<FleetReply>> send) {
        long started = System.nanoTime();
        FleetReply reply;
        // Waiting for a slot (inside send) counts against the same wait as the reply.
        CompletableFuture<FleetReply> pending = send.get();
        try {
            long left = wait.toNanos() - (System.nanoTime() - started);
            reply = pending.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw unreachable(peer, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } catch (TimeoutException e) {
            // Cancels the call: the peer is told to drop it, an upload still streaming stops reading its body.
            pending.cancel(true);
            throw unreachable(peer, "no reply within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw unreachable(peer, "interrupted");
        }
        double pingMs = (System.nanoTime() - started) / 1e6;
        if (type != CommandType.DEPLOY) {
            registry.update(peer.id(), p -> p.answered(clock.millis(), pingMs));
        }
        if (!reply.id().equals(command.id())) {
            throw new RemoteError(null, "peer " + peer.name() + " answered another command than " + command.id());
        }
        if (reply.type().equals(CommandType.ERROR)) {
            ErrorReply error = read(peer, reply, ErrorReply.class);
            throw new RemoteError(error.code(), "peer " + peer.name() + " refused " + type.wire() + ": "
                    + error.code().wire() + ": " + error.message());
        }
        if (!reply.type().equals(type.replyType())) {
            throw new RemoteError(null, "peer " + peer.name() + " answered " + type.wire() + " with '" + reply.type()
                    + "', expected " + type.replyType());
        }
        return read(peer, reply, replyType);
    }

    private static <T> T read(Peer peer, FleetReply reply, Class<T> type) {
        try {
            return FleetJson.read(reply.payload(), type);
        } catch (IllegalArgumentException e) {
            throw new RemoteError(null, "peer " + peer.name() + " sent an unreadable " + reply.type() + ": " + e.getMessage());
        }
    }

    private RemoteError unreachable(Peer peer, String why) {
        registry.update(peer.id(), p -> p.failed(why == null ? "unreachable" : why));
        return new RemoteError(null, "peer " + peer.name() + " (" + peer.address() + ") is unreachable: " + why);
    }
}
