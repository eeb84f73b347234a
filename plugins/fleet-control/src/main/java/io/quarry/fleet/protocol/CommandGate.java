package io.quarry.fleet.protocol;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides whether a worker carries out a command: right version, addressed from the connection's node to this
 * one, a known type, sent by a registered controller, issued within the allowed clock difference, signed by
 * that controller, and never seen before. Remembers accepted ids for twice the allowed age (older commands
 * are refused as stale anyway), at most {@link #MAX_REMEMBERED_PER_SENDER} per controller, so a controller that
 * floods this worker fills only its own window and never locks out the others. Thread-safe.
 */
public final class CommandGate {

    /** The most command ids remembered per controller; beyond it that controller's new commands are refused until its old ids age out. */
    public static final int MAX_REMEMBERED_PER_SENDER = 100_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String selfId;
    private final Supplier<Set<String>> controllers;
    private final Duration maxAge;
    private final InstantSource clock;
    private final int maxPerSender;
    private final Map<String, LinkedHashMap<String, Long>> seen = new HashMap<>();

    /**
     * @param selfId this node's id
     * @param controllers the node ids whose commands are accepted, read on every command
     * @param maxAge the largest allowed difference between a command's timestamp and our clock
     * @param clock our clock
     */
    public CommandGate(String selfId, Supplier<Set<String>> controllers, Duration maxAge, InstantSource clock) {
        this(selfId, controllers, maxAge, clock, MAX_REMEMBERED_PER_SENDER);
    }

    /** As above, remembering at most {@code maxPerSender} ids per controller (tests use a small one). */
    CommandGate(String selfId, Supplier<Set<String>> controllers, Duration maxAge, InstantSource clock, int maxPerSender) {
        if (maxPerSender < 1) {
            throw new IllegalArgumentException("maxPerSender must be positive, was " + maxPerSender);
        }
        this.maxPerSender = maxPerSender;
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.controllers = Objects.requireNonNull(controllers, "controllers");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Empty when {@code command} from the authenticated node {@code peerId} may be carried out, else why not. */
    public Optional<Refusal> check(String peerId, FleetCommand command) {
        if (command.version() != FleetProtocol.VERSION) {
            return refuse(ErrorCode.UNSUPPORTED_VERSION, "this worker speaks version " + FleetProtocol.VERSION
                    + ", the command is version " + command.version());
        }
        if (!ID.matcher(command.id()).matches()) {
            return refuse(ErrorCode.BAD_REQUEST, "a command id is 1-64 letters, digits or '-'");
        }
        if (!command.from().equals(peerId)) {
            return refuse(ErrorCode.WRONG_NODE, "the command claims to come from another node than the connection's");
        }
        if (!command.to().equals(selfId)) {
            return refuse(ErrorCode.WRONG_NODE, "the command is addressed to another node");
        }
        if (CommandType.of(command.type()).isEmpty()) {
            return refuse(ErrorCode.UNKNOWN_TYPE, "unknown command type");
        }
        if (!controllers.get().contains(peerId)) {
            return refuse(ErrorCode.NOT_A_CONTROLLER, "this worker takes commands only from its registered controllers");
        }
        long now = clock.millis();
        long skew = Math.abs(now - command.timestamp());
        if (command.timestamp() <= 0 || skew > maxAge.toMillis()) {
            return refuse(ErrorCode.STALE, "the command's timestamp is more than " + maxAge.toSeconds()
                    + " s from this worker's clock");
        }
        if (!CommandSigning.verifies(command)) {
            return refuse(ErrorCode.BAD_SIGNATURE, "the signature does not verify");
        }
        return remember(command.from(), command.id(), now);
    }

    private synchronized Optional<Refusal> remember(String sender, String id, long now) {
        long horizon = now - 2 * maxAge.toMillis();
        for (Iterator<LinkedHashMap<String, Long>> senders = seen.values().iterator(); senders.hasNext();) {
            LinkedHashMap<String, Long> ids = senders.next();
            for (Iterator<Long> it = ids.values().iterator(); it.hasNext();) {
                if (it.next() >= horizon) {
                    break;
                }
                it.remove();
            }
            if (ids.isEmpty()) {
                senders.remove();
            }
        }
        LinkedHashMap<String, Long> ids = seen.computeIfAbsent(sender, s -> new LinkedHashMap<>());
        if (ids.containsKey(id)) {
            return refuse(ErrorCode.REPLAYED, "this command id was already used");
        }
        if (ids.size() >= maxPerSender) {
            return refuse(ErrorCode.INTERNAL, "too many commands from this controller in the replay window; retry later");
        }
        ids.put(id, now);
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(ErrorCode code, String message) {
        return Optional.of(new Refusal(code, message));
    }
}
