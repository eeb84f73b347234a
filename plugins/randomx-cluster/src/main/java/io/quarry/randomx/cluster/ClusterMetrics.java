package io.quarry.randomx.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.randomx.cluster.discovery.BeaconException;
import java.util.Locale;

/**
 * The cluster's meters. Prometheus names: {@code quarry_randomx_cluster_members} (this node plus the live peers
 * it hears), {@code quarry_randomx_cluster_elections_total} (times the master changed, as this node saw it),
 * {@code quarry_randomx_bad_results_total} (members' results that failed the master's re-hash),
 * {@code quarry_randomx_remote_hashes_total} (hashes got from the dataset host),
 * {@code quarry_randomx_cluster_hashes_served_total} (hashes computed for others),
 * {@code quarry_randomx_cluster_refused_total} (joins and messages refused: no secret, not a member),
 * {@code quarry_randomx_cluster_upstream_failures_total} (checked results the master could not submit upstream),
 * {@code quarry_randomx_cluster_refused_dropped_total} (handshakes of members dropped for bad results, refused
 * until their ban runs out) and
 * {@code quarry_randomx_cluster_beacons_refused_total{reason}} (oversize, malformed, forged, replayed).
 */
public final class ClusterMetrics {

    private ClusterMetrics() {
    }

    /** Registers the meters of {@code node}. */
    public static void register(MeterRegistry registry, ClusterNode node) {
        Gauge.builder("quarry.randomx.cluster.members", node, n -> n.peers().size() + 1)
                .description("Cluster members this node knows to be live, itself included").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.elections", node, n -> n.election().elections())
                .description("Times the cluster master changed").register(registry);
        FunctionCounter.builder("quarry.randomx.bad.results", node, n -> n.membership().badResults())
                .description("Members' results that failed the master's check").register(registry);
        FunctionCounter.builder("quarry.randomx.remote.hashes", node, n -> n.remoteHasher().hashes())
                .description("Hashes this node got from the dataset host (HASH_REQUEST)").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.hashes.served", node, n -> n.hashServer().served())
                .description("Hashes this node computed for other members").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.refused", node, n -> n.membership().refused())
                .description("Cluster joins and messages refused").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.upstream.failures", node,
                        n -> n.master().map(ClusterMaster::upstreamFailures).orElse(0L))
                .description("Checked member results the master could not submit upstream").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.results.busy", node,
                        n -> n.master().map(ClusterMaster::busy).orElse(0L))
                .description("Member results answered busy: the master's re-hash queue was full").register(registry);
        FunctionCounter.builder("quarry.randomx.cluster.refused.dropped", node, n -> n.membership().refusedDropped())
                .description("Handshakes refused because the node was dropped for bad results").register(registry);
        for (BeaconException.Reason reason : BeaconException.Reason.values()) {
            FunctionCounter.builder("quarry.randomx.cluster.beacons.refused", node,
                            n -> n.discovery().map(d -> (double) d.refused(reason)).orElse(0.0))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Discovery datagrams refused").register(registry);
        }
    }
}
