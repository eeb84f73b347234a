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

    /** The slowest body rate an upload's wait allows for (256 KiB/s). */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

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
     * {@code body} ({@code bodyBytes} long) after it, and returns the reply payload as {@code replyType}. The wait
     * allows the command timeout plus the body at {@value #MIN_UPLOAD_BYTES_PER_SECOND} bytes a second.
     *
     * @throws RemoteError when the peer is unreachable, answers with an error, or answers nonsense
     */
    public <T> T upload(Peer peer, CommandType type, Object payload, InputStream body, long bodyBytes, Class<T> replyType) {
        FleetCommand command = sign(peer, type, payload);
        Duration wait = timeout.plusSeconds(bodyBytes / MIN_UPLOAD_BYTES_PER_SECOND);
        return exchange(peer, type, command, replyType, wait,
                () -> transport.upload(peer.address(), FleetProtocol.DEPLOY, command, body));
    }

    private FleetCommand sign(Peer peer, CommandType type, Object payload) {
        return CommandSigning.sign(identity, UUID.randomUUID().toString(), type.wire(), peer.id(),
                clock.millis(), FleetJson.write(payload));
    }

    private <T> T exchange(Peer peer, CommandType type, FleetCommand command, Class<T> replyType, Duration wait,
            Supplier<CompletableFuture<FleetReply>> send) {
        long started = System.nanoTime();
        FleetReply reply;
        CompletableFuture<FleetReply> pending = send.get();
        try {
            reply = pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(peer, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } catch (TimeoutException e) {
            // Stops an upload still streaming; a plain request simply stops being waited for.
            pending.cancel(true);
            throw unreachable(peer, "no reply within " + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
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
