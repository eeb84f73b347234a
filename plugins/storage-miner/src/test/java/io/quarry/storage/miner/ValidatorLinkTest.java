package io.quarry.storage.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.identity.Identity;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miner's side of membership against a scripted validator: UNKNOWN re-registers, failures back off and retry. */
class ValidatorLinkTest {

    @TempDir
    Path dir;

    final TestKeys keys = TestKeys.generate();
    final TestKeys validatorKeys = TestKeys.generate();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void shutdown() {
        scheduler.shutdownNow();
    }

    /** Answers validator-control requests from a script; records what it was sent. */
    final class ScriptedValidator extends StubTransport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ValidatorControl> received = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
            received.add((ValidatorControl) request);
            Object next = script.isEmpty() ? null : script.removeFirst();
            if (next == null) {
                next = request instanceof ValidatorControl.Heartbeat ? new ValidatorReply.HeartbeatAck("OK", 1, List.of())
                        : new ValidatorReply.Registered("OK", "", 1, List.of());
            }
            if (next instanceof RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture((R) next);
        }

        @Override
        public Optional<InetSocketAddress> localAddress() {
            return Optional.of(new InetSocketAddress("127.0.0.1", 7000));
        }

        synchronized long count(Class<?> type) {
            return received.stream().filter(type::isInstance).count();
        }
    }

    ValidatorLink link(ScriptedValidator transport) {
        Identity identity = new Identity() {
            @Override
            public String nodeId() {
                return keys.nodeId();
            }

            @Override
            public byte[] publicKey() {
                return HexFormat.of().parseHex(keys.nodeId());
            }

            @Override
            public byte[] sign(byte[] message) {
                return keys.sign(message);
            }
        };
        ShardStore store = ShardStore.open(dir, 0, 10, 1 << 20);
        MinerService miner = new MinerService(store, validatorKeys.nodeId(), MinerLimits.of(1, 1, 1, 1), transport,
                new StorageMetrics(new SimpleMeterRegistry()));
        return new ValidatorLink(transport, identity, new PeerAddress(validatorKeys.nodeId(), "127.0.0.1", 9000), "f1",
                store, miner, new ValidatorLink.Timing(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(10),
                Duration.ofMillis(40)), scheduler, Runnable::run, InstantSource.system());
    }

    @Test
    void registersWithASignedTimestampAndHeartbeats() throws Exception {
        ScriptedValidator validator = new ScriptedValidator();
        ValidatorLink link = link(validator);
        link.start();
        await(() -> validator.count(ValidatorControl.Heartbeat.class) >= 2);
        assertThat(link.state()).isEqualTo(ValidatorLink.State.REGISTERED);
        ValidatorControl.Register register = (ValidatorControl.Register) validator.received.get(0);
        assertThat(register.familyId()).isEqualTo("f1");
        assertThat(register.port()).isEqualTo(7000);
        assertThat(CommandSignatures.verify(keys.nodeId(), CommandSignatures.register(keys.nodeId(), register.timestamp()),
                register.signature())).isTrue();
        link.stop();
        assertThat(link.state()).isEqualTo(ValidatorLink.State.IDLE);
    }

    @Test
    void unknownToAHeartbeatRegistersAgain() throws Exception {
        ScriptedValidator validator = new ScriptedValidator();
        validator.script.add(new ValidatorReply.Registered("OK", "", 1, List.of()));
        validator.script.add(new ValidatorReply.HeartbeatAck("UNKNOWN", 1, List.of()));
        ValidatorLink link = link(validator);
        link.start();
        await(() -> link.registrations() == 2 && link.state() == ValidatorLink.State.REGISTERED);
        link.stop();
    }

    @Test
    void failuresAndRefusalsAreRetried() throws Exception {
        ScriptedValidator validator = new ScriptedValidator();
        validator.script.add(new TransportException("connection refused"));
        validator.script.add(new ValidatorReply.Registered("RATE_LIMITED", "later", 0, List.of()));
        validator.script.add(new ValidatorReply.Registered("FAMILY_REJECTED", "not here", 0, List.of()));
        ValidatorLink link = link(validator);
        link.start();
        await(() -> link.state() == ValidatorLink.State.REGISTERED);
        assertThat(link.registrations()).isEqualTo(4);
        link.stop();
    }

    @Test
    void registrationBackoffIsJitteredSoMinersDoNotRetryInLockstep() {
        List<List<Duration>> waits = new ArrayList<>();
        for (int miner = 0; miner < 5; miner++) {
            ValidatorLink link = link(new ScriptedValidator());
            List<Duration> sequence = new ArrayList<>();
            for (int attempt = 0; attempt < 6; attempt++) {
                sequence.add(link.backoff());
            }
            assertThat(sequence).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMillis(10), Duration.ofMillis(40)));
            waits.add(sequence);
        }
        // Five miners failing at the same moment would otherwise all wait exactly the same times.
        assertThat(new java.util.HashSet<>(waits)).hasSizeGreaterThan(1);
    }

    static void await(BooleanSupplier state) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.getAsBoolean()) {
            assertThat(System.nanoTime()).as("state not reached").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
