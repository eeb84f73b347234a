package io.quarry.kernel.doctor;

import io.quarry.kernel.config.ConfigEntry;
import io.quarry.natives.NativeLibraries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code quarry doctor}: checks the host against what the configuration asks of it. Every check yields one
 * {@link Finding}; a FAIL means something the node or an enabled plugin needs is missing.
 *
 * @param host where /proc, /sys and /dev are read
 * @param entries every configuration key with its effective value (kernel and installed plugins)
 * @param enabled the enabled plugin ids
 * @param dataDir the data directory
 * @param ntpServer an NTP server to measure the clock against, when one is given
 */
public record Doctor(HostFiles host, List<ConfigEntry> entries, Set<String> enabled, Path dataDir,
        Optional<InetSocketAddress> ntpServer) {

    /** How far the clock may be off before it is worth a warning (signed requests carry timestamps). */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(1);
    private static final Set<String> KERNEL_SECTIONS = Set.of("node", "http", "transport", "plugins", "store", "log");
    private static final String RANDOMX = "randomx-cluster";

    /** Runs every check, in the order they print. */
    public List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        out.add(java());
        for (NativeLibraries.Library library : NativeLibraries.all()) {
            out.add(NativeCheck.check(library, enabled.contains(library.plugin())));
        }
        Optional<RandomxNeeds> randomx = randomxNeeds();
        out.addAll(HugePages.check(host, randomx));
        out.add(MsrCheck.check(host, randomx.isPresent()));
        for (ConfigEntry e : entries) {
            String key = e.key().substring(e.key().indexOf('.') + 1);
            // Only listeners the node will open: a disabled plugin's address is not bound, not even to test it.
            if ((key.equals("listen") || key.endsWith("_listen")) && e.value() instanceof String value && !value.isBlank()
                    && inUse(e.key())) {
                out.add(PortCheck.check(e.key(), value));
            }
        }
        out.add(DataDirCheck.check(dataDir));
        ntpServer.ifPresent(server -> out.add(clock(server)));
        out.add(OpenFilesCheck.check(host, configuredConnections()));
        return out;
    }

    private Finding java() {
        Runtime.Version version = Runtime.version();
        String vendor = System.getProperty("java.vm.vendor", "");
        return version.feature() >= 21 ? Finding.ok("java", "Java " + version + " (" + vendor + ")")
                : Finding.fail("java", "Java " + version + " is older than 21, which Quarry needs");
    }

    private boolean inUse(String key) {
        String section = key.substring(0, key.indexOf('.'));
        return KERNEL_SECTIONS.contains(section) || enabled.contains(section);
    }

    private Optional<RandomxNeeds> randomxNeeds() {
        if (!enabled.contains(RANDOMX)) {
            return Optional.empty();
        }
        Map<String, Object> values = new HashMap<>();
        entries.stream().filter(e -> e.key().startsWith(RANDOMX + ".")).forEach(e -> values.put(e.key(), e.value()));
        int threads = values.get(RANDOMX + ".threads") instanceof Number n ? n.intValue() : 0;
        String mode = String.valueOf(values.getOrDefault(RANDOMX + ".mode", "auto"));
        return Optional.of(new RandomxNeeds(mode, threads > 0 ? threads : Runtime.getRuntime().availableProcessors()));
    }

    private long configuredConnections() {
        long sum = 0;
        for (ConfigEntry e : entries) {
            String section = e.key().substring(0, e.key().indexOf('.'));
            if ((e.key().endsWith(".max_connections") || e.key().endsWith(".max_peers"))
                    && e.value() instanceof Number n && inUse(e.key()) && !section.isEmpty()) {
                sum += n.longValue();
            }
        }
        return sum;
    }

    private static Finding clock(InetSocketAddress server) {
        String name = server.getHostString() + ":" + server.getPort();
        try {
            Duration offset = Sntp.offset(server, Duration.ofSeconds(3));
            String text = String.format("%+d ms against %s", offset.toMillis(), name);
            return offset.abs().compareTo(CLOCK_TOLERANCE) <= 0 ? Finding.ok("clock", text)
                    : Finding.warn("clock", text + "; signed requests and certificates check timestamps: run an NTP "
                            + "client (systemd-timesyncd, chrony)");
        } catch (IOException e) {
            return Finding.warn("clock", "no answer from NTP server " + name + " (" + e.getMessage() + ")");
        }
    }
}
