package io.quarry.packaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces on one Ethernet bridge, for tests that need real broadcast between processes: member
 * {@code i} lives in its own namespace with {@code eth0} at {@code <subnet>.(i + 1)/24}; the bridge lives in a
 * namespace of its own; the host (where the test runs) joins the bridge by one veth at {@code <subnet>.254}, so the
 * test reaches the members and they reach a server the test binds there. Addresses are from a private range the
 * caller picks. Everything is created with unique names and deleted by {@link #close()}; deleting the bridge's
 * namespace also removes the host's veth. Needs root and iproute2.
 */
final class NetnsBridge implements AutoCloseable {

    private final String tag = Long.toString(ProcessHandle.current().pid());
    private final String subnet;
    private final String bridge = "qbr" + tag;
    private final String hostLink = "qh" + tag;
    private final List<String> members = new ArrayList<>();

    private NetnsBridge(String subnet) {
        this.subnet = subnet;
    }

    /** Why namespaces cannot be made here (not root, no iproute2, no CAP_SYS_ADMIN); empty when they can. */
    static Optional<String> unavailable() throws InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root to create network namespaces");
        }
        String probe = "qprobe" + ProcessHandle.current().pid();
        if (run("ip", "netns", "add", probe) != 0) {
            return Optional.of("`ip netns add` does not work here (no iproute2 or no CAP_SYS_ADMIN)");
        }
        run("ip", "netns", "del", probe);
        return Optional.empty();
    }

    /** {@code count} member namespaces on a new bridge in {@code subnet} (three octets and a dot, e.g. "10.1.2."). */
    static NetnsBridge create(String subnet, int count) throws InterruptedException {
        NetnsBridge net = new NetnsBridge(subnet);
        try {
            net.build(count);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void build(int count) throws InterruptedException {
        must("ip", "netns", "add", bridge);
        ip(bridge, "link", "set", "lo", "up");
        ip(bridge, "link", "add", "br0", "type", "bridge");
        ip(bridge, "link", "set", "br0", "up");
        for (int i = 0; i < count; i++) {
            String ns = "qn" + (i + 1) + "-" + tag;
            must("ip", "netns", "add", ns);
            members.add(ns);
            ip(ns, "link", "set", "lo", "up");
            ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", "p" + i, "netns", bridge);
            attach("p" + i);
            ip(ns, "addr", "add", address(i) + "/24", "brd", "+", "dev", "eth0");
            ip(ns, "link", "set", "eth0", "up");
        }
        must("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "ph", "netns", bridge);
        attach("ph");
        must("ip", "addr", "add", hostAddress() + "/24", "dev", hostLink);
        must("ip", "link", "set", hostLink, "up");
    }

    /** Member {@code i}'s namespace name (for {@code ip netns exec}). */
    String namespace(int i) {
        return members.get(i);
    }

    /** Member {@code i}'s address. */
    String address(int i) {
        return subnet + (i + 1);
    }

    /** The host's address on the bridge. */
    String hostAddress() {
        return subnet + "254";
    }

    @Override
    public void close() throws InterruptedException {
        for (String ns : members) {
            run("ip", "netns", "del", ns);
        }
        run("ip", "link", "del", hostLink);
        run("ip", "netns", "del", bridge);
    }

    private void attach(String port) throws InterruptedException {
        ip(bridge, "link", "set", port, "master", "br0");
        ip(bridge, "link", "set", port, "up");
    }

    private static void ip(String ns, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
        command.addAll(List.of(args));
        must(command.toArray(String[]::new));
    }

    private static void must(String... command) throws InterruptedException {
        int code = run(command);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + code);
        }
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
