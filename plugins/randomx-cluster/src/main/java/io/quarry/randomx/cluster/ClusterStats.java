package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.discovery.BeaconException;
import io.quarry.randomx.cluster.discovery.Peer;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code "cluster"} object of {@code GET /api/v1/randomx-cluster/stats} (key names are part of the API):
 * {@code role} (this node's role now), {@code masterId}, {@code elections}, {@code refusedJoins},
 * {@code badResults}, {@code remoteHashes} (hashes this node got from the dataset host), {@code hashesServed} (hashes
 * it computed for others), {@code hashing} (on a member that cannot hold the dataset, once measured: {@code remote},
 * {@code localRate}, {@code remoteRate}, {@code host}), {@code beaconsAccepted}, {@code beaconsRefused} by reason, and {@code members}: this node
 * and every live peer, each with {@code nodeId}, {@code role}, {@code hashrate}, {@code datasetHost} (whether it is
 * the member chosen to host the dataset), {@code remoteHashing} (it hashes through the dataset host),
 * {@code canHoldDataset}, {@code freeRamMb}, {@code threads}, and on the
 * master {@code range} ({@code [start, end)} of its current assignment) and {@code badResults}.
 */
public final class ClusterStats {

    private ClusterStats() {
    }

    /** The view of {@code node}. */
    public static Map<String, Object> of(ClusterNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", node.role().key());
        out.put("masterId", node.masterId().orElse(""));
        out.put("elections", node.election().elections());
        out.put("refusedJoins", node.membership().refused());
        out.put("badResults", node.membership().badResults());
        out.put("remoteHashes", node.remoteHasher().hashes());
        out.put("hashesServed", node.hashServer().served());
        node.hashingChoice().ifPresent(c -> {
            Map<String, Object> hashing = new LinkedHashMap<>();
            hashing.put("remote", c.remote());
            hashing.put("localRate", c.localRate());
            hashing.put("remoteRate", c.remoteRate());
            hashing.put("host", c.host());
            out.put("hashing", hashing);
        });
        node.discovery().ifPresent(d -> {
            out.put("beaconsAccepted", d.accepted());
            Map<String, Long> refused = new LinkedHashMap<>();
            for (BeaconException.Reason reason : BeaconException.Reason.values()) {
                refused.put(reason.name().toLowerCase(Locale.ROOT), d.refused(reason));
            }
            out.put("beaconsRefused", refused);
        });
        Map<String, DatasetHostChoice.Candidate> candidates = new LinkedHashMap<>();
        NodeCapabilities mine = node.capabilities();
        candidates.put(node.selfId(), new DatasetHostChoice.Candidate(mine, node.settings().datasetHost()));
        List<Peer> peers = node.peers();
        peers.forEach(p -> candidates.put(p.beacon().nodeId(),
                new DatasetHostChoice.Candidate(p.beacon().capabilities(), p.beacon().datasetHost())));
        Optional<String> host = DatasetHostChoice.choose(candidates);
        Optional<ClusterMaster> master = node.master();
        Map<String, MemberView> joined = new LinkedHashMap<>();
        node.membership().members().forEach(m -> joined.put(m.nodeId(), m));
        List<Map<String, Object>> members = new ArrayList<>();
        members.add(member(node.selfId(), node.role().key(), mine, mine.hashrate(), host, master, null,
                node.remoteHashing()));
        for (Peer peer : peers) {
            String id = peer.beacon().nodeId();
            MemberView view = joined.get(id);
            boolean isMaster = node.masterId().filter(id::equals).isPresent();
            String role = isMaster ? ClusterRole.MASTER.key() : ClusterRole.WORKER.key();
            double rate = view != null ? view.hashrate() : peer.beacon().capabilities().hashrate();
            members.add(member(id, role, peer.beacon().capabilities(), rate, host, master, view,
                    peer.beacon().remoteHashing()));
        }
        out.put("members", members);
        return out;
    }

    private static Map<String, Object> member(String id, String role, NodeCapabilities caps, double hashrate,
                                              Optional<String> host, Optional<ClusterMaster> master, MemberView view,
                                              boolean remoteHashing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodeId", id);
        out.put("role", role);
        out.put("hashrate", hashrate);
        out.put("datasetHost", host.filter(id::equals).isPresent());
        out.put("remoteHashing", remoteHashing);
        out.put("canHoldDataset", caps.canHoldDataset());
        out.put("freeRamMb", caps.freeRamMb());
        out.put("threads", caps.threads());
        if (view != null) {
            out.put("badResults", view.badResults());
            master.flatMap(m -> m.range(id)).ifPresent(r -> out.put("range", List.of(r.start(), r.end())));
        }
        return out;
    }
}
