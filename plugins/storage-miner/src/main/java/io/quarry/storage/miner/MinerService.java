package io.quarry.storage.miner;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.placement.ClusterMap;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.placement.PlacementException;
import io.quarry.storage.pos.PosProver;
import io.quarry.storage.store.CorruptShardException;
import io.quarry.storage.store.Limiter;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.store.StorageLimits;
import io.quarry.storage.store.StoreRefusedException;
import io.quarry.storage.wire.FetchBlob;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PeerRef;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.StoreHeader;
import io.quarry.storage.wire.WireClusterMap;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner role's side of the storage protocols: takes Store uploads, serves FetchBlob, and obeys Delete,
 * PullFromPeer, ClusterMapUpdate and PosChallenge from whoever may send them (docs/plugins.md, storage-miner).
 * Every refusal answers with a code and a reason and is counted in {@code quarry_storage_refused_total}.
 */
public final class MinerService {

    private static final Logger LOG = LoggerFactory.getLogger(MinerService.class);
    /** How long a request waits for a concurrency permit before it is refused as BUSY. */
    static final Duration PERMIT_WAIT = Duration.ofSeconds(5);

    private final ShardStore store;
    private final String validatorNodeId;
    private final MinerLimits limits;
    private final Transport transport;
    private final StorageMetrics metrics;
    private final PosProver prover;
    private volatile Set<String> wardens = Set.of();
    private volatile CrushPlacement placement;
    private volatile Rebalancer.Pass lastRebalance = new Rebalancer.Pass(0, 0, 0, 0, 0, 0, 0);
    /** Guards the epoch check and the adoption of a cluster map, so they happen as one step. */
    private final Object mapLock = new Object();
    /** Placements received, newest first: rebalancing asks their miners for shards that moved. */
    private final java.util.Deque<CrushPlacement> history = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Placements kept in {@link #history()}. */
    public static final int MAX_HISTORY = 65;

    /**
     * A miner storing into {@code store} for the validator {@code validatorNodeId} (empty: none, so every
     * validator command is refused).
     */
    public MinerService(ShardStore store, String validatorNodeId, MinerLimits limits, Transport transport,
                        StorageMetrics metrics) {
        this.store = store;
        this.validatorNodeId = validatorNodeId;
        this.limits = limits;
        this.transport = transport;
        this.metrics = metrics;
        this.prover = new PosProver(store);
    }

    /** Serves the miner protocols on {@code transport}. */
    public void register() {
        transport.register(StorageProtocols.MINER_CONTROL, this::control);
        transport.registerUpload(StorageProtocols.MINER_STORE, this::store);
        transport.registerDownload(StorageProtocols.MINER_FETCH, this::fetch);
    }

    /** The last complete rebalancing pass (all zero before the first), which heartbeats report to the validator. */
    public Rebalancer.Pass lastRebalance() {
        return lastRebalance;
    }

    /** Records a complete rebalancing pass. */
    void rebalanced(Rebalancer.Pass pass) {
        lastRebalance = pass;
    }

    /** The shard store. */
    public ShardStore shards() {
        return store;
    }

    /** The newest cluster map the validator pushed, if any. */
    public Optional<CrushPlacement> placement() {
        return Optional.ofNullable(placement);
    }

    /** Placements received, newest first (at most {@link #MAX_HISTORY}). */
    public List<CrushPlacement> history() {
        return List.copyOf(history);
    }

    /** Node ids allowed to challenge besides the validator. */
    public Set<String> wardens() {
        return wardens;
    }

    /** Replaces the warden list (from a heartbeat answer or a cluster map update). */
    public void wardens(List<String> nodeIds) {
        wardens = nodeIds == null ? Set.of() : Set.copyOf(nodeIds.stream().filter(ShardId::isValid).toList());
    }

    /** Store: a header then the shard's bytes. */
    public MinerReply store(String peerId, StoreHeader header, InputStream body) {
        MinerReply forbidden = fromValidatorOnly("store", peerId, "Store");
        if (forbidden != null) {
            return forbidden;
        }
        if (header == null || !ShardId.isValid(header.hash())) {
            return refuse("store", "BAD_REQUEST", "Store needs a 64-hex-character hash");
        }
        if (!CommandSignatures.verify(validatorNodeId, CommandSignatures.upload(header.hash()), header.signature())) {
            return refuse("store", "BAD_SIGNATURE", "Store of " + header.hash() + " is not signed by the validator");
        }
        if (header.size() < 0 || header.size() > StorageLimits.MAX_FETCH_RESPONSE_SIZE) {
            return refuse("store", "OVERSIZE", "shard " + header.hash() + " has " + header.size()
                    + " bytes; a shard may have at most " + StorageLimits.MAX_FETCH_RESPONSE_SIZE);
        }
        return storeFrom("store", new ShardId(header.hash()), body, header.size());
    }

    /** FetchBlob: the shard's bytes (a range of them) as a stream. */
    @SuppressWarnings("try") // the permit is held, not used, for the duration of the block
    public InputStream fetch(String peerId, FetchBlob request) {
        if (request == null || !ShardId.isValid(request.hash()) || request.offset() < 0 || request.length() < 0) {
            metrics.refused("fetch", "BAD_REQUEST");
            throw new IllegalArgumentException("BAD_REQUEST: FetchBlob needs a 64-hex-character hash and a non-negative range");
        }
        Optional<Limiter.Permit> permit = limits.fetch().tryAcquire(PERMIT_WAIT);
        if (permit.isEmpty()) {
            metrics.refused("fetch", "BUSY");
            throw new IllegalStateException("BUSY: " + limits.fetch().max() + " FetchBlob requests are being served");
        }
        try (Limiter.Permit held = permit.get()) {
            ShardId id = new ShardId(request.hash());
            byte[] data = store.read(id).orElseThrow(() -> {
                metrics.refused("fetch", "NOT_FOUND");
                return new IllegalStateException("NOT_FOUND: shard " + id + " is not stored here");
            });
            // The verified (possibly cached) array is streamed in place, never copied: nothing writes to it.
            int from = (int) Math.min(request.offset(), data.length);
            long wanted = request.length() == 0 ? Long.MAX_VALUE : request.length();
            int length = (int) Math.min(Math.min(wanted, StorageLimits.MAX_FETCH_RESPONSE_SIZE), data.length - from);
            metrics.served("fetch");
            metrics.bytes("out", length);
            return new ByteArrayInputStream(data, from, length);
        } catch (CorruptShardException e) {
            metrics.refused("fetch", "CORRUPT");
            throw new IllegalStateException("CORRUPT: " + e.getMessage());
        }
    }

    /** Delete, PullFromPeer, ClusterMapUpdate, PosChallenge. */
    public MinerReply control(String peerId, MinerControl request) {
        return switch (request) {
            case MinerControl.Delete delete -> delete(peerId, delete);
            case MinerControl.PullFromPeer pull -> pull(peerId, pull);
            case MinerControl.ClusterMapUpdate update -> mapUpdate(peerId, update);
            case MinerControl.PosChallenge challenge -> challenge(peerId, challenge);
            case null -> refuse("control", "BAD_REQUEST", "empty request");
        };
    }

    /**
     * Store, Delete and PullFromPeer come from the validator only. The transport authenticates the peer, so this
     * check also stops another node from replaying an {@code UPLOAD:{hash}}, {@code DELETE:{hash}} or
     * {@code PULL:{hash}} signature it saw (a miner sees the upload signatures of the shards pushed to it), and from
     * pointing a signed pull at sources or a size of its choosing (neither is signed). docs/plugins.md
     * (storage-miner, "Why a signed command cannot be replayed") has the whole argument.
     */
    private MinerReply fromValidatorOnly(String op, String peerId, String command) {
        if (validatorNodeId == null || validatorNodeId.isEmpty() || !validatorNodeId.equals(peerId)) {
            return refuse(op, "FORBIDDEN", "only the validator may send " + command + "; node " + peerId + " is not it");
        }
        return null;
    }

    private MinerReply delete(String peerId, MinerControl.Delete delete) {
        MinerReply forbidden = fromValidatorOnly("delete", peerId, "Delete");
        if (forbidden != null) {
            return forbidden;
        }
        if (!ShardId.isValid(delete.hash())) {
            return refuse("delete", "BAD_REQUEST", "Delete needs a 64-hex-character hash");
        }
        if (!CommandSignatures.verify(validatorNodeId, CommandSignatures.delete(delete.hash()), delete.signature())) {
            return refuse("delete", "BAD_SIGNATURE", "Delete of " + delete.hash() + " is not signed by the validator");
        }
        boolean removed = store.delete(new ShardId(delete.hash()));
        metrics.served("delete");
        return new MinerReply.Ok(removed ? "deleted" : "not stored");
    }

    @SuppressWarnings("try") // the permit is held, not used, for the duration of the block
    private MinerReply pull(String peerId, MinerControl.PullFromPeer pull) {
        MinerReply forbidden = fromValidatorOnly("pull", peerId, "PullFromPeer");
        if (forbidden != null) {
            return forbidden;
        }
        if (!ShardId.isValid(pull.hash()) || pull.sources() == null || pull.sources().isEmpty()
                || pull.sources().size() > 64) {
            return refuse("pull", "BAD_REQUEST", "PullFromPeer needs a hash and 1 to 64 sources");
        }
        if (!CommandSignatures.verify(validatorNodeId, CommandSignatures.pull(pull.hash()), pull.signature())) {
            return refuse("pull", "BAD_SIGNATURE", "PullFromPeer of " + pull.hash() + " is not signed by the validator");
        }
        ShardId id = new ShardId(pull.hash());
        if (store.contains(id)) {
            return new MinerReply.Ok("already stored");
        }
        Optional<Limiter.Permit> permit = limits.pull().tryAcquire(PERMIT_WAIT);
        if (permit.isEmpty()) {
            return refuse("pull", "BUSY", limits.pull().max() + " pulls are running");
        }
        try (Limiter.Permit held = permit.get()) {
            return pullFrom(id, pull.size(), pull.sources());
        }
    }

    /**
     * Fetches {@code id} from the first of {@code sources} that has it and stores it; used by PullFromPeer and by
     * rebalancing.
     */
    public MinerReply pullFrom(ShardId id, long size, List<PeerRef> sources) {
        if (size < 0 || size > StorageLimits.MAX_FETCH_RESPONSE_SIZE) {
            return refuse("pull", "OVERSIZE", "shard " + id + " has " + size + " bytes; at most "
                    + StorageLimits.MAX_FETCH_RESPONSE_SIZE);
        }
        List<String> failures = new ArrayList<>();
        for (PeerRef source : sources) {
            PeerAddress peer;
            try {
                peer = new PeerAddress(source.nodeId(), source.host(), source.port());
            } catch (IllegalArgumentException | NullPointerException e) {
                failures.add("bad source: " + e.getMessage());
                continue;
            }
            try (InputStream in = transport.download(peer, StorageProtocols.MINER_FETCH, new FetchBlob(id.hex(), 0, 0))
                    .get(StorageProtocols.MINER_FETCH.timeout().toSeconds(), TimeUnit.SECONDS)) {
                MinerReply reply = storeFrom("pull", id, in, size);
                if (reply instanceof MinerReply.Ok) {
                    return reply;
                }
                failures.add(peer + ": " + ((MinerReply.Refused) reply).reason());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refuse("pull", "UNAVAILABLE", "interrupted");
            } catch (Exception e) {
                failures.add(peer + ": " + e.getMessage());
            }
        }
        return refuse("pull", "UNAVAILABLE", "no source had shard " + id + ": " + String.join("; ", failures));
    }

    @SuppressWarnings("try") // the permit is held, not used, for the duration of the block
    private MinerReply storeFrom(String op, ShardId id, InputStream body, long size) {
        Optional<Limiter.Permit> permit = limits.store().tryAcquire(PERMIT_WAIT);
        if (permit.isEmpty()) {
            return refuse(op, "BUSY", limits.store().max() + " stores are running");
        }
        try (Limiter.Permit held = permit.get()) {
            var result = store.put(id, body, size);
            metrics.served(op);
            if (!result.alreadyPresent()) {
                metrics.bytes("in", size);
            }
            return new MinerReply.Ok(result.alreadyPresent() ? "already stored" : "stored");
        } catch (StoreRefusedException e) {
            return refuse(op, e.reason().name(), e.getMessage());
        }
    }

    private MinerReply mapUpdate(String peerId, MinerControl.ClusterMapUpdate update) {
        if (!peerId.equals(validatorNodeId)) {
            return refuse("map", "FORBIDDEN", "only the validator may send ClusterMapUpdate");
        }
        WireClusterMap wire = update.map();
        if (wire == null || wire.miners() == null) {
            return refuse("map", "BAD_REQUEST", "ClusterMapUpdate without a map");
        }
        CrushPlacement adopted;
        try {
            adopted = new CrushPlacement(toMap(wire));
        } catch (PlacementException | IllegalArgumentException | NullPointerException e) {
            return refuse("map", "BAD_REQUEST", "cluster map refused: " + e.getMessage());
        }
        // Check-and-adopt under one lock: two updates arriving together cannot let the older epoch win.
        synchronized (mapLock) {
            CrushPlacement current = placement;
            if (current != null && wire.epoch() < current.map().epoch()) {
                return refuse("map", "STALE_EPOCH", "epoch " + wire.epoch() + " is older than " + current.map().epoch());
            }
            placement = adopted;
            history.addFirst(adopted);
            while (history.size() > MAX_HISTORY) {
                history.removeLast();
            }
            wardens(update.wardens());
        }
        metrics.served("map");
        LOG.info("Cluster map epoch {}: {} miners", wire.epoch(), wire.miners().size());
        return new MinerReply.Ok("epoch " + wire.epoch());
    }

    @SuppressWarnings("try") // the permit is held, not used, for the duration of the block
    private MinerReply challenge(String peerId, MinerControl.PosChallenge challenge) {
        if (!peerId.equals(validatorNodeId) && !wardens.contains(peerId)) {
            metrics.challenge("forbidden");
            return refuse("pos", "FORBIDDEN", "node " + peerId + " is neither the validator nor one of its wardens");
        }
        Optional<Limiter.Permit> permit = limits.pos().tryAcquire(PERMIT_WAIT);
        if (permit.isEmpty()) {
            return refuse("pos", "BUSY", limits.pos().max() + " proofs are being generated");
        }
        try (Limiter.Permit held = permit.get()) {
            MinerReply reply = prover.answer(challenge);
            if (reply instanceof MinerReply.Refused refused) {
                metrics.challenge("unanswered");
                return refuse("pos", refused.code(), refused.reason());
            }
            metrics.challenge("answered");
            return reply;
        }
    }

    /** A wire map as a {@link ClusterMap}. */
    public static ClusterMap toMap(WireClusterMap wire) {
        List<MapMiner> miners = new ArrayList<>();
        for (WireClusterMap.Miner m : wire.miners()) {
            miners.add(new MapMiner(m.nodeId(), m.familyId(), m.weight(), m.host(), m.port()));
        }
        return new ClusterMap(wire.epoch(), wire.pgCount(), wire.dataShards(), wire.parityShards(), miners,
                wire.colocate());
    }

    private MinerReply refuse(String op, String code, String reason) {
        metrics.refused(op, code);
        LOG.debug("Refused {}: {} ({})", op, code, reason);
        return new MinerReply.Refused(code, reason);
    }
}
