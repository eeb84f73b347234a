package io.quarry.fleet.worker;

import io.quarry.api.transport.RequestHandler;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.protocol.ErrorReply;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetReply;
import io.quarry.fleet.protocol.Refusal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The worker's side of {@link io.quarry.fleet.protocol.FleetProtocol#COMMAND}: every command passes the
 * {@link CommandGate} first, is audited either way, and is then carried out by {@link WorkerActions}. Whatever
 * goes wrong becomes an {@code error} reply with a code; nothing a peer sends throws out of here.
 */
public final class CommandHandler implements RequestHandler<FleetCommand, FleetReply> {

    private final CommandGate gate;
    private final AuditLog audit;
    private final WorkerActions actions;
    private final BooleanSupplier works;

    /**
     * @param works whether this node takes commands at all (false for the controller role), asked per command
     */
    public CommandHandler(CommandGate gate, AuditLog audit, WorkerActions actions, BooleanSupplier works) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.works = Objects.requireNonNull(works, "works");
    }

    @Override
    public FleetReply handle(String peerId, FleetCommand command) {
        Optional<Refusal> refusal = works.getAsBoolean() ? gate.check(peerId, command)
                : Optional.of(new Refusal(ErrorCode.NOT_A_WORKER, "this node's role is controller; it takes no commands"));
        if (refusal.isPresent()) {
            audit.refused(peerId, command, refusal.get());
            return error(command.id(), refusal.get());
        }
        audit.accepted(peerId, command);
        CommandType type = CommandType.of(command.type()).orElseThrow();
        try {
            return new FleetReply(command.id(), type.replyType(), FleetJson.write(actions.carryOut(type, command.from(), command.payload())));
        } catch (CommandFailure e) {
            // Accepted and audited as such; carrying it out failed (bundles travel on the deploy protocol).
            return error(command.id(), e.refusal());
        }
    }

    /** An error reply. */
    public static FleetReply error(String id, Refusal refusal) {
        return new FleetReply(id, CommandType.ERROR, FleetJson.write(new ErrorReply(refusal.code(), refusal.message())));
    }
}
