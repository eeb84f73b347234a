package io.quarry.storage.validator;

import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.auth.TimestampWindow;
import io.quarry.storage.placement.ClusterMap;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.placement.PlacementException;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's view of the cluster: miners join with Register and stay with Heartbeat; one silent for
 * {@link #offlineAfter()} is offline. Each change of the online set yields a new cluster map, adopted with the
 * next epoch when placement can use it; when it cannot (too few families), the last good map stays in force and
 * {@link #placementProblem()} says why. Thread-safe.
 */
public final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** A miner without a Register or Heartbeat for this long is offline. */
    public static final Duration OFFLINE_AFTER = Duration.ofMinutes(2);
    /** Registrations accepted per miner per {@link #RATE_WINDOW}. */
    public static final int MAX_REGISTRATIONS = 5;
    /** The window {@link #MAX_REGISTRATIONS} counts in. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** A miner offline this long (720 x {@link #OFFLINE_AFTER}: 24 hours) is forgotten; it may register again. */
    public static final Duration FORGET_AFTER = OFFLINE_AFTER.multipliedBy(720);
    /** The most miners kept registered; a new miner beyond it is refused with RATE_LIMITED. */
    public static final int MAX_MINERS = 10_000;
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final InstantSource clock;
    private final TimestampWindow window;
    private final int pgCount;
    private final int dataShards;
    private final int parityShards;
    private final Set<String> allowedFamilies;
    private final int maxMiners;
    private final boolean colocate;
    private final Map<String, MinerRecord> miners = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> registrations = new HashMap<>();
    private final List<Consumer<CrushPlacement>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Consumer<MinerRecord>> registeredListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<String> wardens = List.of();
    private Duration offlineAfter = OFFLINE_AFTER;
    private final Map<String, RebalanceReport> reports = new HashMap<>();
    private CrushPlacement placement;
    private String placementProblem = "no miners have registered yet";
    private long epoch;
    private LongConsumer epochStore = value -> { };
    private List<MapMiner> mappedMiners = List.of();
    private final Deque<CrushPlacement> history = new ArrayDeque<>();
    /** Past placements kept so shards placed under them can still be found. */
    public static final int HISTORY = 8;

    /**
     * Membership for a code of {@code dataShards + parityShards} over {@code pgCount} placement groups;
     * {@code allowedFamilies} empty means any well-formed family id.
     */
    public Membership(InstantSource clock, int pgCount, int dataShards, int parityShards, Set<String> allowedFamilies) {
        this(clock, pgCount, dataShards, parityShards, allowedFamilies, false);
    }

    /**
     * As {@link #Membership(InstantSource, int, int, int, Set)}; with {@code colocate}, a map whose miners are too few
     * for one shard of a stripe each is adopted with several shards per miner instead of refused
     * ({@code allow_colocated_shards}).
     */
    public Membership(InstantSource clock, int pgCount, int dataShards, int parityShards, Set<String> allowedFamilies,
                      boolean colocate) {
        this(clock, pgCount, dataShards, parityShards, allowedFamilies, MAX_MINERS, colocate);
    }

    /** Membership keeping at most {@code maxMiners} registered miners. */
    Membership(InstantSource clock, int pgCount, int dataShards, int parityShards, Set<String> allowedFamilies,
               int maxMiners) {
        this(clock, pgCount, dataShards, parityShards, allowedFamilies, maxMiners, false);
    }

    private Membership(InstantSource clock, int pgCount, int dataShards, int parityShards, Set<String> allowedFamilies,
                       int maxMiners, boolean colocate) {
        this.colocate = colocate;
        this.maxMiners = maxMiners;
        this.clock = clock;
        this.window = new TimestampWindow(clock);
        this.pgCount = pgCount;
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.allowedFamilies = Set.copyOf(allowedFamilies);
    }

    /**
     * Continues the epochs of an earlier run: the next map adopted is {@code lastEpoch + 1}, and each adopted epoch
     * is first handed to {@code store} (which persists it; a map is not adopted when it throws). So an epoch number
     * names one map for the life of the validator's data: miners never see the epochs go back after a restart, and a
     * manifest or rebalancing report of a map before the restart never passes for one of the current map. Call
     * before the first registration.
     */
    public synchronized void resumeEpochs(long lastEpoch, LongConsumer store) {
        if (lastEpoch < 0) {
            throw new IllegalArgumentException("a stored epoch is never negative, was " + lastEpoch);
        }
        if (placement != null) {
            throw new IllegalStateException("epochs are resumed before the first map is adopted");
        }
        epoch = Math.max(epoch, lastEpoch);
        epochStore = Objects.requireNonNull(store, "store");
    }

    /** Calls {@code listener} with each newly adopted placement (to push ClusterMapUpdate). */
    public void onNewPlacement(Consumer<CrushPlacement> listener) {
        listeners.add(listener);
    }

    /** Calls {@code listener} with each miner whose registration was accepted (to send it the current map). */
    public void onRegistered(Consumer<MinerRecord> listener) {
        registeredListeners.add(listener);
    }

    /** Register from {@code peerId}. */
    public ValidatorReply register(String peerId, ValidatorControl.Register register) {
        CrushPlacement adopted;
        ValidatorReply reply;
        synchronized (this) {
            String refusal = checkSigned(peerId, CommandSignatures.register(peerId, register.timestamp()),
                    register.timestamp(), register.signature());
            if (refusal != null) {
                return new ValidatorReply.Refused(refusal.startsWith("signed timestamp") ? "STALE_TIMESTAMP" : "BAD_SIGNATURE", refusal);
            }
            Instant now = clock.instant();
            if (!miners.containsKey(peerId) && (miners.size() >= maxMiners || registrations.size() >= maxMiners
                    && !registrations.containsKey(peerId))) {
                forget(now);
                if (miners.size() >= maxMiners || registrations.size() >= maxMiners) {
                    return new ValidatorReply.Registered("RATE_LIMITED", "this validator already keeps " + maxMiners
                            + " miners, the most it accepts; retry later", epoch, wardens);
                }
            }
            Deque<Instant> recent = registrations.computeIfAbsent(peerId, id -> new ArrayDeque<>());
            expire(recent, now);
            if (recent.size() >= MAX_REGISTRATIONS) {
                return new ValidatorReply.Registered("RATE_LIMITED", "more than " + MAX_REGISTRATIONS
                        + " registrations in " + RATE_WINDOW.toSeconds() + " s; retry later", epoch, wardens);
            }
            recent.addLast(now);
            String family = register.familyId();
            if (family == null || !FAMILY.matcher(family).matches()
                    || !allowedFamilies.isEmpty() && !allowedFamilies.contains(family)) {
                return new ValidatorReply.Registered("FAMILY_REJECTED", "family id '" + family + "' is "
                        + (family != null && FAMILY.matcher(family).matches() ? "not one this validator accepts"
                        : "malformed (1-64 of A-Z a-z 0-9 _ . : -)"), epoch, wardens);
            }
            if (register.host() == null || register.host().isBlank() || register.port() < 1 || register.port() > 65535) {
                return new ValidatorReply.Refused("BAD_REQUEST", "Register needs the miner's transport host and port");
            }
            // A miner registering again may have restarted with other shards: what it did before no longer counts.
            reports.remove(peerId);
            miners.put(peerId, new MinerRecord(peerId, family, register.host(), register.port(),
                    Math.max(0, register.totalBytes()), Math.max(0, register.availableBytes()), now, now));
            adopted = remap();
            reply = new ValidatorReply.Registered("OK", "", epoch, wardens);
        }
        LOG.info("Miner {} registered (family {})", peerId, register.familyId());
        notify(adopted);
        if (adopted == null) {
            MinerRecord record;
            synchronized (this) {
                record = miners.get(peerId);
            }
            registeredListeners.forEach(listener -> listener.accept(record));
        }
        return reply;
    }

    /** Heartbeat from {@code peerId}. */
    public ValidatorReply heartbeat(String peerId, ValidatorControl.Heartbeat heartbeat) {
        CrushPlacement adopted;
        ValidatorReply reply;
        synchronized (this) {
            String refusal = checkSigned(peerId, CommandSignatures.heartbeat(peerId, heartbeat.timestamp()),
                    heartbeat.timestamp(), heartbeat.signature());
            if (refusal != null) {
                return new ValidatorReply.Refused(refusal.startsWith("signed timestamp") ? "STALE_TIMESTAMP" : "BAD_SIGNATURE", refusal);
            }
            MinerRecord known = miners.get(peerId);
            if (known == null) {
                return new ValidatorReply.HeartbeatAck("UNKNOWN", epoch, wardens);
            }
            boolean wasOnline = online(known, clock.instant());
            miners.put(peerId, known.seen(clock.instant(), Math.max(0, heartbeat.availableBytes())));
            reports.put(peerId, new RebalanceReport(heartbeat.rebalanceEpoch(), heartbeat.rebalanceStartedAt(),
                    heartbeat.rebalanceMissing()));
            adopted = wasOnline ? null : remap();
            reply = new ValidatorReply.HeartbeatAck("OK", epoch, wardens);
        }
        notify(adopted);
        return reply;
    }

    /**
     * Re-evaluates who is online (call periodically); adopts a new map when someone went offline; forgets miners
     * offline for {@link #FORGET_AFTER} and registration counts past their window.
     */
    public void tick() {
        CrushPlacement adopted;
        synchronized (this) {
            forget(clock.instant());
            adopted = remap();
        }
        notify(adopted);
    }

    /** Miners whose registration counts are being kept (for tests). */
    synchronized int rateLimited() {
        return registrations.size();
    }

    /** Drops miners offline for {@link #FORGET_AFTER} and registration counts with nothing left in the window. */
    private void forget(Instant now) {
        Instant cutoff = now.minus(FORGET_AFTER);
        miners.values().removeIf(record -> record.lastSeen().isBefore(cutoff));
        reports.keySet().retainAll(miners.keySet());
        registrations.values().removeIf(recent -> {
            expire(recent, now);
            return recent.isEmpty();
        });
    }

    private static void expire(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(RATE_WINDOW))) {
            recent.removeFirst();
        }
    }

    /** The placement in force, if any map has been adopted. */
    public synchronized Optional<CrushPlacement> placement() {
        return Optional.ofNullable(placement);
    }

    /** The adopted placements, newest first, at most {@link #HISTORY}. */
    public synchronized List<CrushPlacement> history() {
        return List.copyOf(history);
    }

    /** Why the current online set has no placement of its own, or null when it has. */
    public synchronized String placementProblem() {
        return placementProblem;
    }

    /** The adopted map's epoch (0 before the first). */
    public synchronized long epoch() {
        return epoch;
    }

    /** Every registered miner, online or not, in registration order. */
    public synchronized List<MinerRecord> miners() {
        return List.copyOf(miners.values());
    }

    /** Whether {@code nodeId} is registered and heard from within {@link #OFFLINE_AFTER}. */
    public synchronized boolean isOnline(String nodeId) {
        MinerRecord record = miners.get(nodeId);
        return record != null && online(record, clock.instant());
    }

    /** The validator's clock, in milliseconds since the epoch. */
    public long millis() {
        return clock.millis();
    }

    /** When {@code nodeId} last registered (its registration was accepted), if it is registered. */
    public synchronized Optional<Instant> registeredAt(String nodeId) {
        return Optional.ofNullable(miners.get(nodeId)).map(MinerRecord::registeredAt);
    }

    /** The last rebalancing pass {@code nodeId} reported ({@link RebalanceReport#NONE} when none). */
    public synchronized RebalanceReport rebalanceReport(String nodeId) {
        return reports.getOrDefault(nodeId, RebalanceReport.NONE);
    }

    /** How long a silent miner stays online ({@link #OFFLINE_AFTER} unless {@code offline_after_secs} says otherwise). */
    public synchronized Duration offlineAfter() {
        return offlineAfter;
    }

    /** Sets how long a silent miner stays online; call before the first registration. */
    public synchronized void offlineAfter(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("offline_after must be positive, was " + value);
        }
        offlineAfter = value;
    }

    /** Node ids allowed to challenge besides the validator, as sent to miners. */
    public synchronized List<String> wardens() {
        return wardens;
    }

    /** Sets the wardens. */
    public synchronized void wardens(List<String> nodeIds) {
        wardens = List.copyOf(nodeIds);
    }

    private boolean online(MinerRecord record, Instant now) {
        return !record.lastSeen().plus(offlineAfter).isBefore(now);
    }

    /** Adopts a new map when the online miners changed and placement can use them; the new placement or null. */
    private CrushPlacement remap() {
        Instant now = clock.instant();
        List<MapMiner> online = new ArrayList<>();
        for (MinerRecord record : miners.values()) {
            if (online(record, now)) {
                // Weight by offered storage in GiB (at least 1), so a bigger miner takes more placement groups.
                double weight = Math.max(1.0, record.totalBytes() / (double) (1L << 30));
                online.add(new MapMiner(record.nodeId(), record.familyId(), weight, record.host(), record.port()));
            }
        }
        online.sort(Comparator.comparing(MapMiner::nodeId));
        if (online.equals(mappedMiners)) {
            return null;
        }
        try {
            CrushPlacement candidate = new CrushPlacement(new ClusterMap(epoch + 1, pgCount, dataShards, parityShards, online,
                    colocate));
            epochStore.accept(epoch + 1);
            epoch++;
            placement = candidate;
            history.addFirst(candidate);
            while (history.size() > HISTORY) {
                history.removeLast();
            }
            mappedMiners = online;
            placementProblem = null;
            if (candidate.relaxed()) {
                LOG.warn("Cluster map epoch {}: {} miners online, too few for one shard of a stripe each; "
                        + "allow_colocated_shards puts several on one miner, so the cluster has no fault tolerance",
                        epoch, online.size());
            } else {
                LOG.info("Cluster map epoch {}: {} miners online", epoch, online.size());
            }
            return candidate;
        } catch (PlacementException e) {
            if (!e.getMessage().equals(placementProblem)) {
                LOG.warn("Keeping cluster map epoch {}: {}", epoch, e.getMessage());
            }
            placementProblem = e.getMessage();
            return null;
        }
    }

    private String checkSigned(String peerId, byte[] message, long timestamp, byte[] signature) {
        if (!CommandSignatures.verify(peerId, message, signature)) {
            return "signature does not verify with the sender's key " + peerId;
        }
        return window.refusal(timestamp);
    }

    private void notify(CrushPlacement adopted) {
        if (adopted != null) {
            for (Consumer<CrushPlacement> listener : listeners) {
                listener.accept(adopted);
            }
        }
    }
}
