package io.quarry.fleet.worker;

import io.quarry.api.transport.UploadHandler;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetReply;
import io.quarry.fleet.protocol.Refusal;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The worker's side of {@link io.quarry.fleet.protocol.FleetProtocol#DEPLOY}: the header is a {@code deploy}
 * command that passes the same {@link CommandGate} as every other (registered controller, timestamp, signature,
 * never replayed) before a byte of the body is read; the body goes to the {@link Deployer}. Every deploy is
 * audited once: accepted when its bundle is installed, refused (by the gate or for its bundle) otherwise; a refused
 * bundle is answered with an {@code error} reply and its stream is closed when this returns.
 */
public final class DeployHandler implements UploadHandler<FleetCommand, FleetReply> {

    private final CommandGate gate;
    private final AuditLog audit;
    private final Deployer deployer;
    private final BooleanSupplier works;

    /** @param works whether this node takes commands at all (false for the controller role), asked per deploy */
    public DeployHandler(CommandGate gate, AuditLog audit, Deployer deployer, BooleanSupplier works) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.deployer = Objects.requireNonNull(deployer, "deployer");
        this.works = Objects.requireNonNull(works, "works");
    }

    @Override
    public FleetReply handle(String peerId, FleetCommand command, InputStream body) {
        Optional<Refusal> refusal;
        if (!works.getAsBoolean()) {
            refusal = Optional.of(new Refusal(ErrorCode.NOT_A_WORKER, "this node's role is controller; it takes no deploys"));
        } else if (!CommandType.DEPLOY.wire().equals(command.type())) {
            refusal = Optional.of(new Refusal(ErrorCode.BAD_REQUEST, "only deploy commands travel on this protocol"));
        } else {
            refusal = gate.check(peerId, command);
        }
        if (refusal.isPresent()) {
            audit.refused(peerId, command, refusal.get());
            return CommandHandler.error(command.id(), refusal.get());
        }
        // Audited once, by outcome: accepted only once the bundle checked out and is installed, refused otherwise
        // (a refused bundle is as much a refused command as one the gate stops).
        Object ack;
        try {
            ack = deployer.deploy(command.from(), command.payload(), body);
        } catch (CommandFailure e) {
            audit.refused(peerId, command, e.refusal());
            return CommandHandler.error(command.id(), e.refusal());
        }
        audit.accepted(peerId, command);
        return new FleetReply(command.id(), CommandType.DEPLOY.replyType(), FleetJson.write(ack));
    }
}
