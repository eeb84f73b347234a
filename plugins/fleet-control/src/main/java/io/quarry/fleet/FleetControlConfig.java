package io.quarry.fleet;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Range;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.peer.PeerWeights;
import io.quarry.fleet.process.ProcessConfig;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code [fleet-control]} table; every key is documented in {@code config/quarry.example.toml} and
 * {@code docs/plugins.md}.
 *
 * @param role {@code controller} (drives workers), {@code worker} (takes commands, runs miners) or {@code dual}
 * @param name this node's fleet name shown to peers; empty means the node's {@code node.name}
 * @param controllers node ids (64 hex characters) whose commands this node accepts
 * @param processes external miner processes this node supervises, one {@code [[fleet-control.processes]]} each
 * @param commandMaxAgeSeconds a command whose timestamp is further than this from our clock is refused
 * @param commandTimeoutMs how long the controller waits for a worker's reply
 * @param weightPing peer selection weight of the measured round trip (ms)
 * @param weightHops peer selection weight of the hop count
 * @param weightGeo peer selection weight of the geographic distance (km)
 * @param weightScore peer selection weight of the reliability score (0-100, higher is better)
 * @param maxBundleBytes the largest deploy bundle (its tar) this node sends as a controller or takes as a worker
 */
public record FleetControlConfig(
        String role,
        String name,
        List<String> controllers,
        List<ProcessConfig> processes,
        @Range(min = 1, max = 3600) int commandMaxAgeSeconds,
        @Range(min = 100, max = 600_000) long commandTimeoutMs,
        double weightPing,
        double weightHops,
        double weightGeo,
        double weightScore,
        @Range(min = MIN_BUNDLE_BYTES, max = MAX_BUNDLE_BYTES) long maxBundleBytes) {

    public static final String DEFAULT_ROLE = "dual";
    public static final String DEFAULT_NAME = "";
    public static final List<String> DEFAULT_CONTROLLERS = List.of();
    public static final List<ProcessConfig> DEFAULT_PROCESSES = List.of();
    public static final int DEFAULT_COMMAND_MAX_AGE_SECONDS = 30;
    public static final long DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
    public static final double DEFAULT_WEIGHT_PING = PeerWeights.DEFAULT.ping();
    public static final double DEFAULT_WEIGHT_HOPS = PeerWeights.DEFAULT.hops();
    public static final double DEFAULT_WEIGHT_GEO = PeerWeights.DEFAULT.geo();
    public static final double DEFAULT_WEIGHT_SCORE = PeerWeights.DEFAULT.score();
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 256L << 20;
    /** The smallest {@code max_bundle_bytes}: a bundle of a few profiles must fit. */
    public static final long MIN_BUNDLE_BYTES = 64L << 10;
    /** The largest {@code max_bundle_bytes}. */
    public static final long MAX_BUNDLE_BYTES = 64L << 30;

    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The table's shape and defaults. */
    public static final ConfigSpec<FleetControlConfig> SPEC = ConfigSpec.of(FleetControlConfig.class,
            new FleetControlConfig(DEFAULT_ROLE, DEFAULT_NAME, DEFAULT_CONTROLLERS, DEFAULT_PROCESSES,
                    DEFAULT_COMMAND_MAX_AGE_SECONDS, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_WEIGHT_PING,
                    DEFAULT_WEIGHT_HOPS, DEFAULT_WEIGHT_GEO, DEFAULT_WEIGHT_SCORE, DEFAULT_MAX_BUNDLE_BYTES));

    public FleetControlConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        controllers = List.copyOf(controllers);
        processes = List.copyOf(processes);
        try {
            FleetRole.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("role", e.getMessage());
        }
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new ConfigException("name", "name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        for (String id : controllers) {
            if (!NODE_ID.matcher(id).matches()) {
                throw new ConfigException("controllers",
                        "controllers must hold node ids (64 lowercase hex characters), found '" + id + "'");
            }
        }
        if (processes.stream().anyMatch(p -> p.name().isEmpty())) {
            throw new ConfigException("processes", "every [[fleet-control.processes]] needs name, kind and command");
        }
        if (processes.stream().map(ProcessConfig::name).distinct().count() != processes.size()) {
            throw new ConfigException("processes", "processes must have distinct names");
        }
        try {
            new PeerWeights(weightPing, weightHops, weightGeo, weightScore);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("weight_ping", e.getMessage());
        }
    }

    /** The configured role. */
    public FleetRole fleetRole() {
        return FleetRole.parse(role);
    }

    /** The peer selection weights. */
    public PeerWeights weights() {
        return new PeerWeights(weightPing, weightHops, weightGeo, weightScore);
    }
}
