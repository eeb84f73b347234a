package io.quarry.storage.miner;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.natives.ReedSolomon;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.hash.Blake3;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.StorageLimits;
import io.quarry.storage.wire.FetchBlob;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PeerRef;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.StripeRef;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-rebalancing: the miner computes the placement groups it holds under the newest cluster map, asks the
 * validator for their stripes (QueryPgFilesBatch), and fetches each shard it should hold but lacks: first from
 * the miners that held that shard in the last {@code epoch_lookback} maps, and when none has it (its holder is
 * gone) by rebuilding it from {@code data_shards} other shards of the stripe. Shards it holds that no stripe of
 * its placement groups names are deleted once they have been orphans for {@link StorageLimits#ORPHAN_GRACE_PERIOD_SECS}.
 */
public final class Rebalancer {

    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);
    private static final long WAIT_SECONDS = 60;

    /**
     * What one pass did.
     *
     * @param stripes stripes in this miner's placement groups
     * @param pulled shards fetched from peers
     * @param rebuilt shards rebuilt from other shards
     * @param missing shards still missing
     * @param collected orphans deleted
     * @param epoch the map epoch the pass worked to (0: no pass yet)
     * @param startedAtMillis when it started, on the validator's clock: the {@code asOf} of the first
     *     QueryPgFilesBatch answer it read (0 when it asked nothing)
     */
    public record Pass(int stripes, int pulled, int rebuilt, int missing, int collected, long epoch,
                       long startedAtMillis) {
    }

    private final String nodeId;
    private final PeerAddress validator;
    private final Transport transport;
    private final MinerService miner;
    private final int epochLookback;
    private final InstantSource clock;
    private final StorageMetrics metrics;
    private final Map<ShardId, Instant> orphanSince = new ConcurrentHashMap<>();
    private final Map<String, ReedSolomon> codecs = new ConcurrentHashMap<>();
    private volatile Pass last = new Pass(0, 0, 0, 0, 0, 0, 0);

    /** A rebalancer for the miner {@code nodeId}. */
    public Rebalancer(String nodeId, PeerAddress validator, Transport transport, MinerService miner, int epochLookback,
                      InstantSource clock, StorageMetrics metrics) {
        this.nodeId = nodeId;
        this.validator = validator;
        this.transport = transport;
        this.miner = miner;
        this.epochLookback = epochLookback;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The last pass's figures. */
    public Pass last() {
        return last;
    }

    /** One pass; does nothing before the first cluster map. */
    public synchronized Pass run() throws Exception {
        List<CrushPlacement> history = miner.history();
        if (history.isEmpty()) {
            return last;
        }
        CrushPlacement current = history.get(0);
        // Every shard index this miner holds per placement group: several on a colocating map, and each of them is
        // wanted (keeping only one would let collectOrphans delete the others after the grace period).
        Map<Integer, List<Integer>> mine = current.pgsOf(nodeId);
        long[] started = new long[1];
        List<StripeRef> stripes = stripes(new ArrayList<>(mine.keySet()), started);
        Set<ShardId> wanted = new HashSet<>();
        int pulled = 0;
        int rebuilt = 0;
        int missing = 0;
        for (StripeRef stripe : stripes) {
            for (int index : mine.getOrDefault(stripe.pg(), List.of())) {
                if (index >= stripe.shards().size()) {
                    continue;
                }
                ShardId id = new ShardId(stripe.shards().get(index));
                wanted.add(id);
                if (miner.shards().contains(id)) {
                    continue;
                }
                List<PeerRef> sources = holders(history, stripe.pg(), index);
                if (!sources.isEmpty() && miner.pullFrom(id, stripe.shardSize(), sources) instanceof MinerReply.Ok) {
                    pulled++;
                } else if (rebuild(stripe, index, history)) {
                    rebuilt++;
                } else {
                    missing++;
                }
            }
        }
        int collected = collectOrphans(wanted);
        last = new Pass(stripes.size(), pulled, rebuilt, missing, collected, current.map().epoch(), started[0]);
        miner.rebalanced(last);
        if (pulled + rebuilt + collected > 0 || missing > 0) {
            LOG.info("Rebalanced epoch {}: {} stripes, {} pulled, {} rebuilt, {} missing, {} orphans deleted",
                    current.map().epoch(), stripes.size(), pulled, rebuilt, missing, collected);
        }
        return last;
    }

    /** Every stripe of {@code pgs}, page by page; {@code asOf[0]} gets the first page's validator time. */
    private List<StripeRef> stripes(List<Integer> pgs, long[] asOf) throws Exception {
        List<StripeRef> all = new ArrayList<>();
        for (int from = 0; from < pgs.size(); from += ValidatorControl.QueryPgFilesBatch.MAX_PGS) {
            List<Integer> batch = pgs.subList(from, Math.min(pgs.size(), from + ValidatorControl.QueryPgFilesBatch.MAX_PGS));
            int offset = 0;
            while (offset >= 0) {
                ValidatorReply reply = transport.request(validator, StorageProtocols.VALIDATOR_CONTROL,
                        new ValidatorControl.QueryPgFilesBatch(List.copyOf(batch), offset)).get(WAIT_SECONDS, TimeUnit.SECONDS);
                if (!(reply instanceof ValidatorReply.PgFiles page)) {
                    throw new IllegalStateException("validator answered QueryPgFilesBatch with " + reply);
                }
                if (asOf[0] == 0) {
                    asOf[0] = page.asOf();
                }
                all.addAll(page.stripes());
                offset = page.next();
            }
        }
        return all;
    }

    /** The miners that held shard {@code index} of {@code pg} in the recent maps, other than this one. */
    private List<PeerRef> holders(List<CrushPlacement> history, int pg, int index) {
        Set<PeerRef> holders = new LinkedHashSet<>();
        for (CrushPlacement placement : history.subList(0, Math.min(history.size(), epochLookback + 1))) {
            if (pg < placement.map().pgCount() && index < placement.map().totalShards()) {
                MapMiner holder = placement.minersOf(pg).get(index);
                if (!holder.nodeId().equals(nodeId)) {
                    holders.add(new PeerRef(holder.nodeId(), holder.host(), holder.port()));
                }
            }
        }
        return new ArrayList<>(holders);
    }

    /** Rebuilds shard {@code index} from {@code data_shards} others fetched from their holders; true when stored. */
    private boolean rebuild(StripeRef stripe, int index, List<CrushPlacement> history) {
        CrushPlacement current = history.get(0);
        int k = current.map().dataShards();
        int n = stripe.shards().size();
        if (n != current.map().totalShards()) {
            return false;
        }
        byte[][] shards = new byte[n][];
        int good = 0;
        for (int i = 0; i < n && good < k; i++) {
            if (i == index) {
                continue;
            }
            ShardId id = new ShardId(stripe.shards().get(i));
            byte[] local = miner.shards().read(id).orElse(null);
            shards[i] = local != null ? local : fetch(id, stripe.shardSize(), holders(history, stripe.pg(), i));
            if (shards[i] != null) {
                good++;
            }
        }
        if (good < k) {
            return false;
        }
        ReedSolomon rs = codecs.computeIfAbsent(k + "+" + (n - k), shape -> ReedSolomon.create(k, n - k));
        byte[] rebuilt = rs.reconstruct(shards)[index];
        ShardId id = new ShardId(stripe.shards().get(index));
        if (!Arrays.equals(Blake3.hash(rebuilt), id.hash())) {
            LOG.warn("Shard {} rebuilt to bytes with another hash; not stored", id);
            return false;
        }
        miner.shards().put(id, rebuilt);
        metrics.served("rebuild");
        return true;
    }

    private byte[] fetch(ShardId id, int size, List<PeerRef> sources) {
        for (PeerRef source : sources) {
            try (InputStream in = transport.download(new PeerAddress(source.nodeId(), source.host(), source.port()),
                    StorageProtocols.MINER_FETCH, new FetchBlob(id.hex(), 0, 0)).get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                byte[] data = in.readNBytes(size + 1);
                if (data.length == size && Arrays.equals(Blake3.hash(data), id.hash())) {
                    return data;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                LOG.debug("Shard {} not fetched from {}: {}", id, source.nodeId(), e.toString());
            }
        }
        return null;
    }

    private int collectOrphans(Set<ShardId> wanted) {
        Instant now = clock.instant();
        Duration grace = Duration.ofSeconds(StorageLimits.ORPHAN_GRACE_PERIOD_SECS);
        Map<ShardId, Instant> seen = new HashMap<>();
        int collected = 0;
        for (ShardId id : miner.shards().list()) {
            if (wanted.contains(id)) {
                continue;
            }
            Instant since = orphanSince.getOrDefault(id, now);
            if (!since.plus(grace).isAfter(now)) {
                if (miner.shards().delete(id)) {
                    collected++;
                }
            } else {
                seen.put(id, since);
            }
        }
        orphanSince.clear();
        orphanSince.putAll(seen);
        return collected;
    }
}
