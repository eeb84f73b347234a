package io.quarry.fleet.node;

import io.quarry.api.store.KeyValueStore;
import io.quarry.fleet.FleetControlConfig;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.peer.PeerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * This node's place in the fleet: its name and role (from {@code quarry fleet node init} when that was run,
 * else from the {@code name} and {@code role} keys, else the node's name and {@code dual}) and the controllers
 * whose commands it accepts (the {@code controllers} key plus peers registered with a controlling role).
 * Only public facts: the keys stay in the kernel identity.
 */
public final class FleetNode {

    private static final byte[] KEY = "node/settings".getBytes(StandardCharsets.UTF_8);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final String version;
    private final String nodeName;
    private final FleetControlConfig config;
    private final KeyValueStore store;
    private final PeerRegistry registry;
    private volatile NodeSettings settings;

    /** The name and role {@code node init} recorded. */
    public record NodeSettings(String name, FleetRole role) {
    }

    public FleetNode(String id, String version, String nodeName, FleetControlConfig config, KeyValueStore store,
            PeerRegistry registry) {
        this.id = Objects.requireNonNull(id, "id");
        this.version = Objects.requireNonNull(version, "version");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = store.get(KEY).map(bytes -> FleetJson.read(bytes, NodeSettings.class)).orElse(null);
    }

    /** The node id. */
    public String id() {
        return id;
    }

    /** The fleet name. */
    public String name() {
        NodeSettings s = settings;
        if (s != null) {
            return s.name();
        }
        return config.name().isEmpty() ? nodeName : config.name();
    }

    /** The role. */
    public FleetRole role() {
        NodeSettings s = settings;
        return s != null ? s.role() : config.fleetRole();
    }

    /** Records a new name and role; they take effect at once and win over the table's keys from now on. */
    public NodeInfo init(String name, FleetRole role) {
        Objects.requireNonNull(role, "role");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        NodeSettings next = new NodeSettings(name, role);
        store.put(KEY, FleetJson.write(next));
        settings = next;
        return info();
    }

    /** Whether {@code node init} was run. */
    public Optional<String> initialised() {
        return Optional.ofNullable(settings).map(NodeSettings::name);
    }

    /** Node ids whose commands this node accepts. */
    public Set<String> controllers() {
        Set<String> all = new LinkedHashSet<>(config.controllers());
        all.addAll(registry.controllerIds());
        return all;
    }

    /** What this node tells about itself. */
    public NodeInfo info() {
        return new NodeInfo(id, name(), role().label(), version, List.copyOf(controllers()));
    }
}
