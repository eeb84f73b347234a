package io.quarry.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network namespaces on one Ethernet bridge, for tests that need real broadcast between processes: member
 * {@code i} lives in its own namespace with {@code eth0} at {@code <subnet>.(i + 1)/24}; the bridge lives in a
 * namespace of its own; the host (where the test runs) joins the bridge by one veth at {@code <subnet>.254}, so the
 * test reaches the members and they reach a server the test binds there. Addresses are from a private range the
 * caller picks. Everything is created with names carrying the test process's id and deleted by {@link #close()}
 * (also from a shutdown hook, should the test JVM be stopped); deleting the bridge's namespace also removes the
 * host's veth. What a test JVM killed outright left behind is swept by the next {@link #create}. Needs root and
 * iproute2.
 */
final class NetnsBridge implements AutoCloseable {

    private final String tag = Long.toString(ProcessHandle.current().pid());
    private final String subnet;
    private final String bridge = "qbr" + tag;
    private final String hostLink = "qh" + tag;
    private final List<String> members = new ArrayList<>();
    private Thread hook;

    private NetnsBridge(String subnet) {
        this.subnet = subnet;
    }

    /** Names this class gives namespaces and the host's link, with the creating process's id. */
    private static final Pattern OURS = Pattern.compile("^(?:qbr|qh|qprobe|qn\\d+-)(\\d+)$");

    /** Why namespaces cannot be made here (not root, no iproute2, no CAP_SYS_ADMIN); empty when they can. */
    static Optional<String> unavailable() throws InterruptedException {
        if (!ProcessHandle.current().info().user().map("root"::equals).orElse(false)) {
            return Optional.of("needs root to create network namespaces");
        }
        sweep();
        String probe = "qprobe" + ProcessHandle.current().pid();
        if (run("ip", "netns", "add", probe) != 0) {
            return Optional.of("`ip netns add` does not work here (no iproute2 or no CAP_SYS_ADMIN)");
        }
        run("ip", "netns", "del", probe);
        return Optional.empty();
    }

    /**
     * {@code count} member namespaces on a new bridge in the first subnet {@code prefix.X.} (X from 78 up) that
     * has no route on the host yet, so a concurrent run or a stale leftover never shares it.
     */
    static NetnsBridge create(String prefix, int count) throws InterruptedException {
        sweep();
        String subnet = null;
        for (int x = 78; x < 228 && subnet == null; x++) {
            String candidate = prefix + "." + x + ".";
            if (output("ip", "-4", "route", "show", candidate + "0/24").isBlank()) {
                subnet = candidate;
            }
        }
        if (subnet == null) {
            throw new IllegalStateException("no free /24 under " + prefix + " on this host");
        }
        NetnsBridge net = new NetnsBridge(subnet);
        Thread hook = new Thread(() -> {
            try {
                net.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        net.hook = hook;
        try {
            net.build(count);
        } catch (Exception | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** Deletes namespaces and host links of this class whose creating process is gone (a test JVM killed outright). */
    private static void sweep() throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : output("ip", "netns", "list").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        for (String line : output("ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                names.add(parts[1].split("@")[0]);
            }
        }
        for (String name : names) {
            Matcher m = OURS.matcher(name);
            boolean creatorAlive = m.matches()
                    && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
            if (m.matches() && !creatorAlive) {
                if (name.startsWith("qh")) {
                    run("ip", "link", "del", name);
                } else {
                    run("ip", "netns", "del", name);
                }
            }
        }
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
    public synchronized void close() throws InterruptedException {
        for (String ns : members) {
            run("ip", "netns", "del", ns);
        }
        members.clear();
        run("ip", "link", "del", hostLink);
        run("ip", "netns", "del", bridge);
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds nothing left to delete
            }
            hook = null;
        }
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

    /** The command's standard output; empty when it fails or cannot be started. */
    private static String output(String... command) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return "";
        }
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            out = "";
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "";
        }
        return p.exitValue() == 0 ? out : "";
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
