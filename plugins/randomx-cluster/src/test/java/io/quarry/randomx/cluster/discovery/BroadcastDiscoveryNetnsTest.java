package io.quarry.randomx.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarry.randomx.cluster.ClusterSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Discovery by real broadcast: three network namespaces on a bridge (the bridge in a fourth namespace, so the
 * host's own interfaces are never touched), each running {@link BeaconNodeMain} in its own JVM with no
 * {@code discovery_peers}. Addresses are from a private test range and exist only inside those namespaces, which the
 * test creates and deletes. Needs root and {@code ip netns}; skipped otherwise.
 */
class BroadcastDiscoveryNetnsTest {

    private static final int PORT = 10_000;
    private static final String SUBNET = "10.231.77.";

    @Test
    void threeNamespacesFindEachOtherByBroadcastAndAgreeOnTheSmallestNodeId() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create network namespaces");
        String tag = Long.toString(ProcessHandle.current().pid());
        String bridge = "qbr" + tag;
        List<String> spaces = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            spaces.add("qn" + i + "-" + tag);
        }
        assumeTrue(run("ip", "netns", "add", bridge) == 0, "`ip netns add` does not work here (no iproute2 or no"
                + " CAP_SYS_ADMIN)");
        List<Process> nodes = new ArrayList<>();
        try {
            ip(bridge, "link", "set", "lo", "up");
            ip(bridge, "link", "add", "br0", "type", "bridge");
            ip(bridge, "link", "set", "br0", "up");
            for (int i = 0; i < spaces.size(); i++) {
                String ns = spaces.get(i);
                must(run("ip", "netns", "add", ns), "ip netns add " + ns);
                ip(ns, "link", "set", "lo", "up");
                ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", "p" + i, "netns", bridge);
                ip(bridge, "link", "set", "p" + i, "master", "br0");
                ip(bridge, "link", "set", "p" + i, "up");
                ip(ns, "addr", "add", SUBNET + (i + 1) + "/24", "brd", "+", "dev", "eth0");
                ip(ns, "link", "set", "eth0", "up");
            }
            String secret = ClusterSecret.generate().toHex();
            SecureRandom random = new SecureRandom();
            List<String> ids = new ArrayList<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int i = 0; i < spaces.size(); i++) {
                byte[] id = new byte[32];
                random.nextBytes(id);
                ids.add(HexFormat.of().formatHex(id));
                nodes.add(new ProcessBuilder("ip", "netns", "exec", spaces.get(i), java, "-Xmx64m",
                        "-cp", System.getProperty("java.class.path"), BeaconNodeMain.class.getName(), secret, ids.get(i),
                        SUBNET + (i + 1), Integer.toString(PORT), "2", "90")
                        .redirectErrorStream(true).start());
            }
            String smallest = ids.stream().min(Comparator.naturalOrder()).orElseThrow();
            for (int i = 0; i < nodes.size(); i++) {
                Process node = nodes.get(i);
                assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node %d finished", i).isTrue();
                String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(out).as("node %d in %s", i, spaces.get(i)).contains("AGREED " + smallest + " 2");
                assertThat(node.exitValue()).as(out).isZero();
            }
        } finally {
            nodes.forEach(Process::destroyForcibly);
            for (String ns : spaces) {
                run("ip", "netns", "del", ns);
            }
            run("ip", "netns", "del", bridge);
        }
    }

    private static void ip(String ns, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
        command.addAll(List.of(args));
        must(run(command.toArray(String[]::new)), String.join(" ", command));
    }

    private static void must(int code, String what) {
        assertThat(code).as(what).isZero();
    }

    /** The command's exit code; -1 when it cannot be started (no {@code ip}) or hangs. */
    private static int run(String... command) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return -1;
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
