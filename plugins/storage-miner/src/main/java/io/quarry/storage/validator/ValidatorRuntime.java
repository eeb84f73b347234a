package io.quarry.storage.validator;

import io.quarry.api.NodeContext;
import io.quarry.api.http.Http;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.StorageMinerConfig;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.WireClusterMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator role assembled: membership and the validator-control protocol, the file gateway and its routes
 * ({@code PUT files}, {@code GET files/{fileId}}, {@code DELETE files/{fileId}}, {@code GET cluster}), and the
 * cluster maps pushed to miners whenever a new epoch is adopted.
 */
public final class ValidatorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatorRuntime.class);
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{64}");
    /** Files listed with their redundancy in {@code GET cluster}. */
    static final int MAX_LISTED_FILES = 1000;
    /** How often membership is re-evaluated (who went offline). */
    static final long TICK_SECONDS = 5;
    /** The largest file {@code PUT files} takes: 64 GiB (32,768 stripes), read as it arrives, never held whole. */
    public static final long MAX_UPLOAD_BYTES = 64L << 30;
    /** Where the last adopted epoch is kept (8 bytes, big-endian), so epochs continue across restarts. */
    static final byte[] EPOCH_KEY = "membership/epoch".getBytes(StandardCharsets.US_ASCII);

    private final NodeContext context;
    private final Transport transport;
    private final Membership membership;
    private final ManifestStore manifests;
    private final FileGateway gateway;
    private final Warden warden;
    private final long challengeIntervalSecs;
    private ScheduledFuture<?> challenger;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticker;

    private ValidatorRuntime(NodeContext context, Transport transport, Membership membership, ManifestStore manifests, FileGateway gateway,
                             Warden warden, long challengeIntervalSecs, ExecutorService workers,
                             ScheduledExecutorService scheduler) {
        this.warden = warden;
        this.challengeIntervalSecs = challengeIntervalSecs;
        this.context = context;
        this.transport = transport;
        this.membership = membership;
        this.manifests = manifests;
        this.gateway = gateway;
        this.workers = workers;
        this.scheduler = scheduler;
    }

    /**
     * Builds the validator role and registers its protocol and routes (call from init); it talks to miners through
     * {@code transport} (the node's, or one that reaches this node's own miner in process).
     */
    public static ValidatorRuntime create(NodeContext context, Transport transport, StorageMinerConfig config,
                                          StorageMetrics metrics, InstantSource clock) {
        Membership membership = new Membership(clock, config.pgCount(), config.dataShards(), config.parityShards(),
                new HashSet<>(config.allowedFamilies()), config.allowColocatedShards());
        membership.wardens(config.wardens());
        membership.offlineAfter(java.time.Duration.ofSeconds(config.offlineAfterSecs()));
        KeyValueStore store = context.store();
        membership.resumeEpochs(store.get(EPOCH_KEY).map(ValidatorRuntime::epochOf).orElse(0L),
                epoch -> store.put(EPOCH_KEY, ByteBuffer.allocate(Long.BYTES).putLong(epoch).array()));
        ManifestStore manifests = new KeyValueManifestStore(context.store());
        PgIndex index = new PgIndex();
        manifests.all().forEach(index::add);
        ExecutorService workers = context.executors().virtual("storage-validator");
        FileGateway gateway = new FileGateway(transport, context.identity(), membership, manifests, index,
                metrics, clock, workers, context.dataDir().resolve("upload-spool"));
        new ValidatorService(membership, manifests, index, metrics).register(transport);
        Warden warden = new Warden(transport, membership, manifests, metrics);
        ValidatorRuntime runtime = new ValidatorRuntime(context, transport, membership, manifests, gateway, warden,
                config.challengeIntervalSecs(), workers, context.executors().scheduler("storage-validator-timer"));
        membership.onNewPlacement(placement -> runtime.pushMap(placement, placement.map().miners()));
        // A miner that registers again without changing the map (it restarted) still needs the map.
        membership.onRegistered(record -> membership.placement().ifPresent(placement -> runtime.pushMap(placement,
                List.of(new MapMiner(record.nodeId(), record.familyId(), 1, record.host(), record.port())))));
        runtime.routes(context.http());
        return runtime;
    }

    /** Starts the membership timer. */
    public void start() {
        ticker = scheduler.scheduleWithFixedDelay(() -> workers.execute(membership::tick), TICK_SECONDS, TICK_SECONDS,
                TimeUnit.SECONDS);
        if (challengeIntervalSecs > 0) {
            challenger = scheduler.scheduleWithFixedDelay(() -> workers.execute(warden::round), challengeIntervalSecs,
                    challengeIntervalSecs, TimeUnit.SECONDS);
        }
    }

    /** Stops the timers. */
    public void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (challenger != null) {
            challenger.cancel(false);
        }
    }

    /** The warden. */
    public Warden warden() {
        return warden;
    }

    /** The membership. */
    public Membership membership() {
        return membership;
    }

    /** The manifests. */
    public ManifestStore manifests() {
        return manifests;
    }

    /** The gateway. */
    public FileGateway gateway() {
        return gateway;
    }

    private void pushMap(CrushPlacement placement, List<MapMiner> recipients) {
        var map = placement.map();
        List<WireClusterMap.Miner> miners = new ArrayList<>();
        for (MapMiner m : map.miners()) {
            miners.add(new WireClusterMap.Miner(m.nodeId(), m.familyId(), m.weight(), m.host(), m.port()));
        }
        MinerControl.ClusterMapUpdate update = new MinerControl.ClusterMapUpdate(
                new WireClusterMap(map.epoch(), map.pgCount(), map.dataShards(), map.parityShards(), miners,
                        map.colocate()),
                membership.wardens());
        for (MapMiner m : recipients) {
            workers.execute(() -> transport.request(new PeerAddress(m.nodeId(), m.host(), m.port()),
                    StorageProtocols.MINER_CONTROL, update).whenComplete((reply, error) -> {
                        if (error != null) {
                            LOG.debug("ClusterMapUpdate epoch {} to {} failed: {}", map.epoch(), m.nodeId(), error.toString());
                        }
                    }));
        }
    }

    private void routes(Http http) {
        http.streamingRoute(HttpMethod.PUT, "files", Http.Access.TOKEN, MAX_UPLOAD_BYTES, (head, body) -> {
            Manifest manifest;
            try {
                manifest = gateway.upload(body);
            } catch (IllegalStateException e) {
                throw new HttpException(503, e.getMessage());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("fileId", manifest.fileId());
            answer.put("size", manifest.size());
            answer.put("stripes", manifest.stripes().size());
            return HttpResponse.ok(answer);
        });
        http.route(HttpMethod.GET, "files/{fileId}", Http.Access.OPEN, request -> {
            String fileId = fileId(request.pathParam("fileId"));
            Manifest manifest = gateway.manifest(fileId).orElseThrow(() -> HttpException.notFound("no file " + fileId));
            return HttpResponse.stream(200, "application/octet-stream", manifest.size(),
                    out -> gateway.download(manifest, out));
        });
        http.route(HttpMethod.DELETE, "files/{fileId}", Http.Access.TOKEN, request -> {
            String fileId = fileId(request.pathParam("fileId"));
            if (!gateway.delete(fileId)) {
                throw HttpException.notFound("no file " + fileId);
            }
            return HttpResponse.noContent();
        });
        http.route(HttpMethod.GET, "cluster", Http.Access.OPEN, request -> HttpResponse.ok(clusterView()));
    }

    /** What {@code GET cluster} answers. */
    public Map<String, Object> clusterView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("epoch", membership.epoch());
        view.put("placementProblem", membership.placementProblem());
        List<Map<String, Object>> miners = new ArrayList<>();
        for (MinerRecord record : membership.miners()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nodeId", record.nodeId());
            m.put("familyId", record.familyId());
            m.put("online", membership.isOnline(record.nodeId()));
            m.put("address", record.host() + ":" + record.port());
            m.put("availableBytes", record.availableBytes());
            m.put("lastSeen", record.lastSeen().toString());
            Reputation reputation = warden.reputations().getOrDefault(record.nodeId(), Reputation.NEW);
            m.put("challengesPassed", reputation.passed());
            m.put("challengesFailed", reputation.failed());
            m.put("reputation", reputation.score());
            miners.add(m);
        }
        view.put("miners", miners);
        List<Manifest> all = manifests.all();
        view.put("files", all.size());
        view.put("redundancy", redundancy(all, membership));
        return view;
    }

    private static long epochOf(byte[] stored) {
        if (stored.length != Long.BYTES) {
            throw new IllegalStateException("the stored cluster map epoch has " + stored.length + " bytes, not "
                    + Long.BYTES);
        }
        return ByteBuffer.wrap(stored).getLong();
    }

    /**
     * Per file (at most {@link #MAX_LISTED_FILES}, newest first): its size and stripes; {@code fewestShardsOnline},
     * the fewest shards of any of its stripes that the current map places on online miners; {@code fewestShardsHeld},
     * the fewest of those the miners are known to hold; {@code fullRedundancy} when every stripe is held in full;
     * and {@code faultTolerance}, what losing miners or a family would do to it under the current map. Below
     * {@code dataShards} means unreadable.
     *
     * <p>A shard counts as held only on evidence: its holder's last complete rebalancing pass under the current map
     * started after the file was stored and found nothing missing; or the manifest says every shard was taken at
     * upload ({@link Manifest#pushedInFull()}, persisted with it) under the current map (epochs continue across
     * restarts, so a map before a restart is never the current one) and the holder has not registered again since
     * the push began (a miner that registers again may have lost its disk).
     */
    static List<Map<String, Object>> redundancy(List<Manifest> all, Membership membership) {
        Optional<CrushPlacement> placement = membership.placement();
        long epoch = membership.epoch();
        List<Map<String, Object>> files = new ArrayList<>();
        all.stream().sorted(Comparator.comparingLong(Manifest::createdAtMillis).reversed()).limit(MAX_LISTED_FILES)
                .forEach(manifest -> {
                    int n = manifest.dataShards() + manifest.parityShards();
                    boolean pushed = manifest.pushedInFull() && manifest.epoch() == epoch;
                    int fewestOnline = n;
                    int fewestHeld = n;
                    Spread worst = null;
                    for (var stripe : manifest.stripes()) {
                        int online = 0;
                        int held = 0;
                        if (placement.isPresent() && stripe.pg() < placement.get().map().pgCount()) {
                            List<MapMiner> holders = placement.get().minersOf(stripe.pg());
                            for (int i = 0; i < Math.min(holders.size(), stripe.shards().size()); i++) {
                                String holder = holders.get(i).nodeId();
                                if (membership.isOnline(holder)) {
                                    online++;
                                    RebalanceReport report = membership.rebalanceReport(holder);
                                    boolean pushedTo = pushed && membership.registeredAt(holder)
                                            .filter(at -> at.toEpochMilli() < manifest.pushStartedAtMillis()).isPresent();
                                    if (!report.lacking(epoch)
                                            && (pushedTo || report.complete(epoch, manifest.createdAtMillis()))) {
                                        held++;
                                    }
                                }
                            }
                            Spread spread = Spread.of(holders);
                            worst = worst == null ? spread : worst.worse(spread);
                        }
                        fewestOnline = Math.min(fewestOnline, online);
                        fewestHeld = Math.min(fewestHeld, held);
                    }
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("fileId", manifest.fileId());
                    file.put("size", manifest.size());
                    file.put("stripes", manifest.stripes().size());
                    file.put("shardsPerStripe", n);
                    file.put("dataShards", manifest.dataShards());
                    file.put("fewestShardsOnline", fewestOnline);
                    file.put("fewestShardsHeld", fewestHeld);
                    file.put("fullRedundancy", placement.isPresent() && fewestHeld == n);
                    file.put("faultTolerance", worst == null ? (manifest.stripes().isEmpty() ? "empty file: nothing to lose"
                            : "no cluster map") : worst.describe(manifest.parityShards()));
                    files.add(file);
                });
        return files;
    }

    private static String fileId(String text) {
        if (!FILE_ID.matcher(text).matches()) {
            throw HttpException.badRequest("a file id is 64 lowercase hex characters");
        }
        return text;
    }
}
