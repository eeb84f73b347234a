package io.quarry.fleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerRegistry;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.TestIdentity;
import io.quarry.fleet.node.NodeInfo;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.CommandSigning;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.protocol.ErrorReply;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetReply;
import io.quarry.testing.HostileInput;
import io.quarry.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the worker's command handler: commands with random fields, and validly signed commands
 * whose payloads are noise or mutations of real payloads. The handler always answers (never throws), a refusal
 * or failure is an error reply with a code, and nothing but well-formed start/stop payloads reach a miner.
 */
class CommandHandlerFuzzTest {

    private static final List<byte[]> PAYLOADS = HostileInput.utf8(
            "{\"miner\":\"test/one\",\"profile\":\"p\",\"settings\":{\"threads\":2,\"pools\":[{\"url\":\"127.0.0.1:1\"}]}}",
            "{\"miner\":\"test/one\"}",
            "{\"miner\":\"test/one\",\"lines\":10}",
            "{}");

    private final TestIdentity controller = new TestIdentity();
    private final TestIdentity worker = new TestIdentity();
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final RecordingRegistry miners = new RecordingRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditLog audit = new AuditLog(meters, "accepted", "refused");
    private final CommandHandler handler = new CommandHandler(
            new CommandGate(worker.nodeId(), () -> Set.of(controller.nodeId()), Duration.ofSeconds(30), clock), audit,
            new WorkerActions(miners, () -> new NodeInfo(worker.nodeId(), "w", "worker", "test", List.of()), clock),
            () -> true);

    @Test
    void randomCommandsAreRefusedWithACodeAndNeverThrow() {
        int cases = HostileInput.cases(300);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            FleetCommand c = new FleetCommand(in.nextInt(3), in.text(80), in.oneOf("ping", "get_stats", "start_miner",
                    in.text(20)), in.oneOf(controller.nodeId(), in.text(70)), in.oneOf(worker.nodeId(), in.text(70)),
                    clock.millis() + in.nextInt(100_000) - 50_000, in.noise(2000), in.noise(80));
            FleetReply reply = handler.handle(controller.nodeId(), c);
            assertThat(reply.type()).isEqualTo(CommandType.ERROR);
            assertThat(FleetJson.read(reply.payload(), ErrorReply.class).code()).isNotNull();
        }
        assertThat(miners.starts).isZero();
    }

    @Test
    void signedCommandsWithHostilePayloadsGetErrorsOrValidReplies() {
        int cases = HostileInput.cases(300);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            String type = in.oneOf("start_miner", "stop_miner", "get_logs", "deploy");
            byte[] payload = in.nextInt(2) == 0 ? in.mutate(PAYLOADS) : in.noise(4000);
            FleetCommand c = CommandSigning.sign(controller, "case-" + i, type, worker.nodeId(), clock.millis(), payload);
            FleetReply reply = handler.handle(controller.nodeId(), c);
            assertThat(reply.id()).isEqualTo(c.id());
            if (reply.type().equals(CommandType.ERROR)) {
                ErrorReply error = FleetJson.read(reply.payload(), ErrorReply.class);
                assertThat(error.code()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_MINER, ErrorCode.BAD_PROFILE,
                        ErrorCode.MINER_FAILED, ErrorCode.BAD_BUNDLE);
            } else {
                assertThat(reply.type()).isEqualTo(CommandType.of(type).orElseThrow().replyType());
            }
        }
        assertThat(audit.refusedCount(ErrorCode.REPLAYED)).isZero();
    }

    /** A registry with one miner that counts how often anyone starts it. */
    private static final class RecordingRegistry implements MinerRegistry {
        int starts;

        @Override
        public void register(Miner miner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregister(String minerId) {
        }

        @Override
        public List<Miner> all() {
            return new ArrayList<>(List.of(counting()));
        }

        @Override
        public Optional<Miner> find(String minerId) {
            return minerId.equals("test/one") ? Optional.of(counting()) : Optional.empty();
        }

        private Miner counting() {
            return new Miner() {
                @Override
                public String id() {
                    return "test/one";
                }

                @Override
                public String kind() {
                    return "test";
                }

                @Override
                public io.quarry.api.miner.MinerState state() {
                    return io.quarry.api.miner.MinerState.STOPPED;
                }

                @Override
                public void start() {
                    starts++;
                }

                @Override
                public void stop() {
                }

                @Override
                public io.quarry.api.miner.MinerStats stats() {
                    return io.quarry.api.miner.MinerStats.idle();
                }

                @Override
                public List<String> recentLogs(int max) {
                    return List.of("line " + max);
                }
            };
        }
    }
}
