package io.quarry.fleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.fleet.TestIdentity;
import io.quarry.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandGateTest {

    private final TestIdentity controller = new TestIdentity();
    private final TestIdentity worker = new TestIdentity();
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final CommandGate gate = new CommandGate(worker.nodeId(), () -> Set.of(controller.nodeId()),
            Duration.ofSeconds(30), clock);

    private FleetCommand command(String id, String type, long timestamp) {
        return CommandSigning.sign(controller, id, type, worker.nodeId(), timestamp, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private Optional<ErrorCode> check(FleetCommand c) {
        return gate.check(c.from(), c).map(Refusal::code);
    }

    @Test
    void aSignedFreshCommandFromARegisteredControllerPasses() {
        assertThat(check(command("c-1", "ping", clock.millis()))).isEmpty();
    }

    @Test
    void aReplayedIdIsRefusedEvenWithinTheWindow() {
        FleetCommand c = command("c-1", "get_stats", clock.millis());
        assertThat(check(c)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(check(c)).contains(ErrorCode.REPLAYED);
        assertThat(check(command("c-1", "ping", clock.millis()))).contains(ErrorCode.REPLAYED);
    }

    @Test
    void aCommandOlderOrNewerThanTheAllowedAgeIsStale() {
        assertThat(check(command("old", "ping", clock.millis() - 31_000))).contains(ErrorCode.STALE);
        assertThat(check(command("future", "ping", clock.millis() + 31_000))).contains(ErrorCode.STALE);
        assertThat(check(command("edge", "ping", clock.millis() - 30_000))).isEmpty();
    }

    @Test
    void oldIdsAreForgottenOnlyAfterTheyCouldNoLongerPassAsFresh() {
        FleetCommand c = command("c-1", "ping", clock.millis());
        assertThat(check(c)).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        // Forgotten by now, but the same command is stale anyway.
        assertThat(check(c)).contains(ErrorCode.STALE);
    }

    @Test
    void aControllerThatFillsItsReplayWindowDoesNotLockOutAnother() {
        TestIdentity flooder = new TestIdentity();
        CommandGate small = new CommandGate(worker.nodeId(), () -> Set.of(controller.nodeId(), flooder.nodeId()),
                Duration.ofSeconds(30), clock, 3);
        for (int i = 0; i < 3; i++) {
            FleetCommand c = CommandSigning.sign(flooder, "f-" + i, "get_stats", worker.nodeId(), clock.millis(), new byte[0]);
            assertThat(small.check(c.from(), c)).isEmpty();
        }
        FleetCommand over = CommandSigning.sign(flooder, "f-3", "get_stats", worker.nodeId(), clock.millis(), new byte[0]);
        assertThat(small.check(over.from(), over).map(Refusal::code)).contains(ErrorCode.INTERNAL);

        FleetCommand stop = command("stop-1", "stop_miner", clock.millis());
        assertThat(small.check(stop.from(), stop)).isEmpty();

        clock.advance(Duration.ofSeconds(61));
        FleetCommand later = CommandSigning.sign(flooder, "f-4", "get_stats", worker.nodeId(), clock.millis(), new byte[0]);
        assertThat(small.check(later.from(), later)).as("the flooder's window frees once its ids age out").isEmpty();
    }

    @Test
    void anUnregisteredSenderIsRefused() {
        TestIdentity stranger = new TestIdentity();
        FleetCommand c = CommandSigning.sign(stranger, "s-1", "ping", worker.nodeId(), clock.millis(), new byte[0]);
        assertThat(gate.check(stranger.nodeId(), c).map(Refusal::code)).contains(ErrorCode.NOT_A_CONTROLLER);
    }

    @Test
    void aCommandClaimingAnotherSenderThanTheConnectionIsRefused() {
        FleetCommand c = command("c-1", "ping", clock.millis());
        assertThat(gate.check(new TestIdentity().nodeId(), c).map(Refusal::code)).contains(ErrorCode.WRONG_NODE);
    }

    @Test
    void aCommandForAnotherWorkerIsRefused() {
        FleetCommand c = CommandSigning.sign(controller, "c-1", "ping", new TestIdentity().nodeId(), clock.millis(), new byte[0]);
        assertThat(check(c)).contains(ErrorCode.WRONG_NODE);
    }

    @Test
    void aTamperedPayloadOrTimestampBreaksTheSignature() {
        FleetCommand c = command("c-1", "start_miner", clock.millis());
        FleetCommand payload = new FleetCommand(c.version(), c.id(), c.type(), c.from(), c.to(), c.timestamp(),
                "{\"miner\":\"x\"}".getBytes(StandardCharsets.UTF_8), c.signature());
        FleetCommand time = new FleetCommand(c.version(), c.id(), c.type(), c.from(), c.to(), c.timestamp() + 1,
                c.payload(), c.signature());
        FleetCommand type = new FleetCommand(c.version(), c.id(), "stop_miner", c.from(), c.to(), c.timestamp(),
                c.payload(), c.signature());
        assertThat(check(payload)).contains(ErrorCode.BAD_SIGNATURE);
        assertThat(check(time)).contains(ErrorCode.BAD_SIGNATURE);
        assertThat(check(type)).contains(ErrorCode.BAD_SIGNATURE);
        // A refused forgery does not burn the id: the genuine command still passes.
        assertThat(check(c)).isEmpty();
    }

    @Test
    void unknownTypesVersionsAndMalformedIdsAreRefused() {
        assertThat(check(command("c-1", "format_disk", clock.millis()))).contains(ErrorCode.UNKNOWN_TYPE);
        FleetCommand c = command("c-2", "ping", clock.millis());
        FleetCommand v2 = new FleetCommand(2, c.id(), c.type(), c.from(), c.to(), c.timestamp(), c.payload(), c.signature());
        assertThat(check(v2)).contains(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(check(command("bad id\n", "ping", clock.millis()))).contains(ErrorCode.BAD_REQUEST);
        assertThat(check(command("x".repeat(65), "ping", clock.millis()))).contains(ErrorCode.BAD_REQUEST);
    }
}
