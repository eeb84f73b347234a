package io.quarry.fleet.protocol;

import java.util.Optional;

/** The commands a controller sends, with the reply type a worker answers each with. */
public enum CommandType {
    /** Liveness and identity; answered by {@code pong}. */
    PING("ping", "pong"),
    /** Every local miner's figures; answered by {@code stats}. */
    GET_STATS("get_stats", "stats"),
    /** Starts a miner, optionally with a profile; answered by {@code miner}. */
    START_MINER("start_miner", "miner"),
    /** Stops a miner; answered by {@code miner}. */
    STOP_MINER("stop_miner", "miner"),
    /** Applies a deployment bundle; answered by {@code deploy_ack}. */
    DEPLOY("deploy", "deploy_ack"),
    /** A miner's recent output; answered by {@code logs}. */
    GET_LOGS("get_logs", "logs");

    /** The type of an error reply to any command. */
    public static final String ERROR = "error";

    private final String wire;
    private final String replyType;

    CommandType(String wire, String replyType) {
        this.wire = wire;
        this.replyType = replyType;
    }

    /** The name on the wire. */
    public String wire() {
        return wire;
    }

    /** The type of the reply to a successful command. */
    public String replyType() {
        return replyType;
    }

    /** The command type named {@code wire}. */
    public static Optional<CommandType> of(String wire) {
        for (CommandType t : values()) {
            if (t.wire.equals(wire)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
