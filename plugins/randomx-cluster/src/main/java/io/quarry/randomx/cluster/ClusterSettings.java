package io.quarry.randomx.cluster;

import io.quarry.api.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster keys of {@code [randomx-cluster]}, checked together (see {@code docs/plugins.md}).
 *
 * @param role what this node does in the cluster
 * @param connect HOST:PORT of the master's discovery endpoint; empty means find it by discovery
 * @param secretFile the cluster secret's file; required unless the role is standalone
 * @param discoveryPort UDP port of the discovery beacons
 * @param discoveryPeers HOST:PORT endpoints beacons are also sent to by unicast
 * @param datasetHost host the dataset for low-RAM members even if another member has more free RAM
 * @param maxBadResults failed results after which the master drops a member
 */
public record ClusterSettings(ClusterRole role, String connect, String secretFile, int discoveryPort,
                              List<String> discoveryPeers, boolean datasetHost, int maxBadResults) {

    /** Checks the combination; messages name the key. */
    public ClusterSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(secretFile, "cluster_secret_file");
        discoveryPeers = List.copyOf(Objects.requireNonNull(discoveryPeers, "discovery_peers"));
        if (!connect.isBlank()) {
            endpoint("connect", connect);
            if (role != ClusterRole.WORKER) {
                throw new ConfigException("connect", "connect is for role = \"worker\" (it names the master), "
                        + "but role is \"" + role.key() + "\"");
            }
        }
        for (int i = 0; i < discoveryPeers.size(); i++) {
            endpoint("discovery_peers", discoveryPeers.get(i));
        }
        if (role != ClusterRole.STANDALONE && secretFile.isBlank()) {
            throw new ConfigException("cluster_secret_file", "cluster_secret_file is required with role = \""
                    + role.key() + "\": every member holds the same secret (make one with "
                    + "'quarry randomx cluster secret', mode 0600)");
        }
        if (discoveryPort < 1 || discoveryPort > 65535) {
            throw new ConfigException("discovery_port", "discovery_port must be 1..65535, was " + discoveryPort);
        }
        if (maxBadResults < 1) {
            throw new ConfigException("max_bad_results", "max_bad_results must be >= 1, was " + maxBadResults);
        }
    }

    /** Whether this node is part of a cluster at all. */
    public boolean clustered() {
        return role != ClusterRole.STANDALONE;
    }

    /** The master's discovery endpoint, when {@code connect} is set. */
    public Optional<Endpoint> connectEndpoint() {
        return connect.isBlank() ? Optional.empty() : Optional.of(Endpoint.parse(connect));
    }

    /** {@code discovery_peers} parsed. */
    public List<Endpoint> peerEndpoints() {
        return discoveryPeers.stream().map(Endpoint::parse).toList();
    }

    /** The secret file's path (empty when standalone without one). */
    public Optional<Path> secretPath() {
        return secretFile.isBlank() ? Optional.empty() : Optional.of(Path.of(secretFile));
    }

    private static Endpoint endpoint(String key, String value) {
        try {
            return Endpoint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, key + " " + e.getMessage());
        }
    }
}
