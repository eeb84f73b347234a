package io.quarry.fleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.identity.Identity;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.IdentityProbe;
import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleCrypto;
import io.quarry.fleet.bundle.BundleEntry;
import io.quarry.fleet.bundle.BundleInstaller;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.bundle.DeployHeader;
import io.quarry.fleet.bundle.WorkerDeployer;
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
import io.quarry.testkit.TestNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input to the worker's deploy handler: validly signed deploy commands whose headers are noise or
 * mutations of a real header, and real headers followed by noisy or mutated bodies. The handler always answers
 * (never throws), every refusal is an error reply with a bundle code, only the untouched bundle is ever
 * installed, and no spool file is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployHandlerFuzzTest {

    private static final long MAX_BUNDLE = 1 << 20;

    private TestNode controllerNode;
    private TestNode workerNode;
    private Identity controller;
    private Identity worker;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final AuditLog audit = new AuditLog(new SimpleMeterRegistry(), "accepted", "refused");
    private Path installed;
    private Path spool;
    private DeployHandler handler;

    @BeforeAll
    void start(@TempDir Path dir) {
        IdentityProbe a = new IdentityProbe();
        IdentityProbe b = new IdentityProbe();
        controllerNode = TestNode.builder(dir.resolve("c")).plugin("probe", () -> a).start();
        workerNode = TestNode.builder(dir.resolve("w")).plugin("probe", () -> b).start();
        controller = a.context().identity();
        worker = b.context().identity();
        installed = dir.resolve("deployed");
        spool = dir.resolve("spool");
        handler = new DeployHandler(new CommandGate(worker.nodeId(), () -> Set.of(controller.nodeId()),
                Duration.ofSeconds(30), clock), audit,
                new WorkerDeployer(worker, new BundleInstaller(installed), spool, MAX_BUNDLE), () -> true);
    }

    @AfterAll
    void stop() {
        for (TestNode n : new TestNode[] {controllerNode, workerNode}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void hostileHeadersAndBodiesGetBundleErrorsAndOnlyTheRealBundleIsInstalled() throws Exception {
        byte[] tar = BundleArchive.write(List.of(new BundleEntry("bin/run", "real".getBytes(StandardCharsets.UTF_8), true),
                new BundleEntry("profiles/p.json", "{\"threads\":1}".getBytes(StandardCharsets.UTF_8), false)));
        DeployHeader header = BundleCrypto.header(controller, worker.nodeId(), BundleType.FULL, tar.length,
                BundleCrypto.sha256Hex(tar));
        byte[] headerJson = FleetJson.write(header);
        byte[] body;
        try (InputStream sealed = BundleCrypto.seal(controller, worker.nodeId(), header, new ByteArrayInputStream(tar))) {
            body = sealed.readAllBytes();
        }
        int cases = HostileInput.cases(200);
        int installs = 0;
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            // Case 0 is the untouched bundle, so an install is checked however few cases run.
            byte[] payload = i == 0 || in.nextInt(3) == 0 ? headerJson
                    : in.oneOf(in.mutate(List.of(headerJson)), in.noise(600));
            byte[] stream = i == 0 || in.nextInt(3) == 0 ? body
                    : in.oneOf(in.mutate(List.of(body)), in.noise(3000), new byte[0]);
            FleetCommand command = CommandSigning.sign(controller, "case-" + i, "deploy", worker.nodeId(), clock.millis(), payload);

            double acceptedBefore = audit.acceptedCount(CommandType.DEPLOY);
            double refusedBefore = refusedTotal();

            FleetReply reply = handler.handle(controller.nodeId(), command, new ByteArrayInputStream(stream));

            assertThat(reply.id()).isEqualTo(command.id());
            // Every deploy is audited exactly once, by its outcome.
            if (reply.type().equals("error")) {
                ErrorReply error = FleetJson.read(reply.payload(), ErrorReply.class);
                assertThat(error.code()).isIn(ErrorCode.BAD_BUNDLE, ErrorCode.BUNDLE_TOO_LARGE);
                assertThat(error.message()).isNotBlank();
                assertThat(audit.acceptedCount(CommandType.DEPLOY)).as("case %d", i).isEqualTo(acceptedBefore);
                assertThat(refusedTotal()).as("case %d", i).isEqualTo(refusedBefore + 1);
            } else {
                assertThat(reply.type()).isEqualTo("deploy_ack");
                assertThat(stream).isEqualTo(body);
                assertThat(audit.acceptedCount(CommandType.DEPLOY)).as("case %d", i).isEqualTo(acceptedBefore + 1);
                assertThat(refusedTotal()).as("case %d", i).isEqualTo(refusedBefore);
                installs++;
            }
        }
        assertThat(installs).isPositive();
        assertThat(Files.readString(installed.resolve("full/bin/run"))).isEqualTo("real");
        try (Stream<Path> left = Files.exists(spool) ? Files.list(spool) : Stream.empty()) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private double refusedTotal() {
        double total = 0;
        for (ErrorCode code : ErrorCode.values()) {
            total += audit.refusedCount(code);
        }
        return total;
    }

    @Test
    void aDeployFromAnUnregisteredSenderOrOfAnotherTypeIsRefusedBeforeTheBodyIsRead() throws Exception {
        FleetCommand notDeploy = CommandSigning.sign(controller, "not-deploy", "start_miner", worker.nodeId(), clock.millis(),
                "{}".getBytes(StandardCharsets.UTF_8));
        FleetCommand stranger = CommandSigning.sign(worker, "stranger", "deploy", worker.nodeId(), clock.millis(),
                "{}".getBytes(StandardCharsets.UTF_8));
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[100]);

        assertThat(FleetJson.read(handler.handle(controller.nodeId(), notDeploy, body).payload(), ErrorReply.class).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(FleetJson.read(handler.handle(worker.nodeId(), stranger, body).payload(), ErrorReply.class).code())
                .isEqualTo(ErrorCode.NOT_A_CONTROLLER);
        assertThat(body.available()).isEqualTo(100);
        assertThat(audit.refusedCount(ErrorCode.NOT_A_CONTROLLER)).isEqualTo(1);
    }
}
