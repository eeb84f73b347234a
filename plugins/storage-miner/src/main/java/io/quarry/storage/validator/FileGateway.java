package io.quarry.storage.validator;

import io.quarry.api.identity.Identity;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.natives.ReedSolomon;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.hash.Blake3;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.pos.ChunkMerkle;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.wire.FetchBlob;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.StoreHeader;
import io.quarry.storage.wire.StripeRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's file operations: a file is cut into stripes of {@link #STRIPE_SIZE} bytes, each stripe
 * Reed-Solomon coded into {@code data_shards + parity_shards} shards (ISA-L), each shard pushed to the miner the
 * placement names for it, and a {@link Manifest} kept. A download fetches every stripe's shards in parallel,
 * verifies each against its BLAKE3 id, and rebuilds the stripe from the first {@code data_shards} good ones.
 */
public final class FileGateway {

    private static final Logger LOG = LoggerFactory.getLogger(FileGateway.class);
    /** Bytes of file per stripe: 2 MiB. */
    public static final int STRIPE_SIZE = 2 << 20;
    private static final long WAIT_SECONDS = 120;
    /** Stripes coded, pushed or fetched at once per file. */
    static final int STRIPES_IN_FLIGHT = 4;

    private final Transport transport;
    private final Identity identity;
    private final Membership membership;
    private final ManifestStore manifests;
    private final PgIndex index;
    private final StorageMetrics metrics;
    private final InstantSource clock;
    private final Map<String, ReedSolomon> codecs = new ConcurrentHashMap<>();
    private final ExecutorService fetchers;
    private final Path spoolDir;

    /** A gateway pushing through {@code transport}, signing with {@code identity}, spooling in the temp directory. */
    public FileGateway(Transport transport, Identity identity, Membership membership, ManifestStore manifests,
                       PgIndex index, StorageMetrics metrics, InstantSource clock,
                       ExecutorService fetchers) {
        this(transport, identity, membership, manifests, index, metrics, clock, fetchers,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A gateway that spools uploads in {@code spoolDir} (created when needed). */
    public FileGateway(Transport transport, Identity identity, Membership membership, ManifestStore manifests,
                       PgIndex index, StorageMetrics metrics, InstantSource clock,
                       ExecutorService fetchers, Path spoolDir) {
        this.spoolDir = spoolDir;
        this.fetchers = fetchers;
        this.transport = transport;
        this.identity = identity;
        this.membership = membership;
        this.manifests = manifests;
        this.index = index;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Stores {@code file} and returns its manifest (the existing one when the same bytes were stored before).
     *
     * @throws IllegalStateException when there is no usable cluster map, or too few miners took a stripe's shards
     */
    public Manifest upload(byte[] file) {
        try {
            return upload(new ByteArrayInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores the file read from {@code body} and returns its manifest. The file id (its BLAKE3 hash) decides where
     * every stripe goes, so the body is first read {@link #STRIPE_SIZE} bytes at a time into a spool file under
     * the spool directory while it is hashed; then the stripes are read back one by one, coded and pushed,
     * {@link #STRIPES_IN_FLIGHT} at a time. Memory stays a few stripes whatever the file's size.
     *
     * @throws IOException when the body cannot be read (the client hung up) or the spool not written
     * @throws IllegalStateException when there is no usable cluster map, or too few miners took a stripe's shards
     */
    public Manifest upload(InputStream body) throws IOException {
        Files.createDirectories(spoolDir);
        Path spool = Files.createTempFile(spoolDir, "upload-", ".part");
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            Blake3 hasher = Blake3.newHasher();
            byte[] stripe = new byte[STRIPE_SIZE];
            long size = 0;
            int n;
            while ((n = body.readNBytes(stripe, 0, STRIPE_SIZE)) > 0) {
                hasher.update(stripe, 0, n);
                ByteBuffer data = ByteBuffer.wrap(stripe, 0, n);
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                size += n;
            }
            return place(HexFormat.of().formatHex(hasher.digest()), size, channel);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Codes and pushes the {@code size} spooled bytes of file {@code fileId}; its manifest. */
    private Manifest place(String fileId, long size, FileChannel spool) {
        Optional<Manifest> existing = manifests.get(fileId);
        if (existing.isPresent()) {
            return existing.get();
        }
        CrushPlacement placement = membership.placement().orElseThrow(() -> new IllegalStateException(
                "no cluster map to place files on: " + membership.placementProblem()));
        int k = placement.map().dataShards();
        int n = placement.map().totalShards();
        ReedSolomon rs = codecs.computeIfAbsent(k + "+" + (n - k), shape -> ReedSolomon.create(k, n - k));
        int stripeCount = (int) ((size + STRIPE_SIZE - 1) / STRIPE_SIZE);
        // Read before the first push: a miner that registers again after it (it may have lost what it was given)
        // does not count as holding this file's shards on the strength of the push.
        long pushStartedAt = clock.millis();
        AtomicBoolean pushedShort = new AtomicBoolean();
        // Stripes are coded and pushed STRIPES_IN_FLIGHT at a time, so coding one overlaps pushing others.
        Semaphore inFlight = new Semaphore(STRIPES_IN_FLIGHT);
        List<CompletableFuture<StripeRef>> placed = new ArrayList<>(stripeCount);
        List<List<String>> roots = new ArrayList<>(Collections.nCopies(stripeCount, null));
        for (int s = 0; s < stripeCount; s++) {
            inFlight.acquireUninterruptibly();
            int stripe = s;
            placed.add(CompletableFuture.supplyAsync(() -> placeStripe(placement, rs, fileId,
                            readStripe(spool, size, stripe), stripe, roots, pushedShort), fetchers)
                    .whenComplete((ref, error) -> inFlight.release()));
        }
        List<StripeRef> stripes = new ArrayList<>(stripeCount);
        for (CompletableFuture<StripeRef> stripe : placed) {
            try {
                stripes.add(stripe.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        Manifest manifest;
        // Stamped and indexed as one step under the index's lock, which QueryPgFilesBatch takes to read its asOf
        // time: a manifest older than a page's asOf was in the index when the page was read.
        synchronized (index) {
            manifest = new Manifest(fileId, size, STRIPE_SIZE, k, n - k, placement.map().epoch(), clock.millis(),
                    stripes, roots, pushStartedAt, !pushedShort.get());
            manifests.put(manifest);
            index.add(manifest);
        }
        metrics.served("upload");
        metrics.bytes("uploaded", size);
        return manifest;
    }

    /** Stripe {@code s} of the spooled file. */
    private static byte[] readStripe(FileChannel spool, long size, int s) {
        long from = (long) s * STRIPE_SIZE;
        byte[] stripe = new byte[(int) Math.min(STRIPE_SIZE, size - from)];
        ByteBuffer into = ByteBuffer.wrap(stripe);
        try {
            while (into.hasRemaining()) {
                if (spool.read(into, from + into.position()) < 0) {
                    throw new IOException("upload spool ended early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stripe;
    }

    /**
     * Codes {@code data} (stripe {@code s}), pushes its shards, records their roots; its reference. Sets
     * {@code pushedShort} when a miner did not take its shard.
     */
    private StripeRef placeStripe(CrushPlacement placement, ReedSolomon rs, String fileId, byte[] data, int s,
                                  List<List<String>> roots, AtomicBoolean pushedShort) {
        int k = rs.dataShards();
        int n = rs.totalShards();
        byte[][] shards = encode(rs, data, 0, data.length);
        int pg = placement.pgOf(fileId, s);
        List<MapMiner> miners = placement.minersOf(pg);
        List<String> ids = new ArrayList<>(n);
        List<String> shardRoots = new ArrayList<>(n);
        List<CompletableFuture<Boolean>> pushes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShardId id = ShardId.of(shards[i]);
            ids.add(id.hex());
            shardRoots.add(HexFormat.of().formatHex(ChunkMerkle.build(shards[i]).root()));
            pushes.add(push(miners.get(i), id, shards[i]));
        }
        long stored = pushes.stream().filter(CompletableFuture::join).count();
        if (stored < k) {
            throw new IllegalStateException("stripe " + s + " of file " + fileId + ": only " + stored + " of " + n
                    + " miners took their shard, fewer than the " + k + " needed to read it back");
        }
        if (stored < n) {
            pushedShort.set(true);
            LOG.warn("Stripe {} of {}: {} of {} shards stored; rebalancing will fill in the rest", s, fileId, stored, n);
        }
        synchronized (roots) {
            roots.set(s, shardRoots);
        }
        return new StripeRef(fileId, s, pg, shards[0].length, ids);
    }

    /** The file's manifest, when the file is known. */
    public Optional<Manifest> manifest(String fileId) {
        return manifests.get(fileId);
    }

    /** The file's bytes, rebuilt and verified; empty when the file is unknown. */
    public Optional<byte[]> download(String fileId) {
        Optional<Manifest> manifest = manifests.get(fileId);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(manifest.get().size(), Integer.MAX_VALUE - 8));
        try {
            download(manifest.get(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(out.toByteArray());
    }

    /**
     * Writes the file of manifest {@code m} to {@code out} stripe by stripe, fetching {@link #STRIPES_IN_FLIGHT}
     * stripes ahead of the one being written; every shard is verified against its id, and the whole file against
     * its id at the end (an {@link IOException} then, after the bytes went out: the caller must cut the response).
     *
     * @throws IllegalStateException when a stripe cannot be rebuilt (too few shards could be fetched)
     */
    public void download(Manifest m, OutputStream out) throws IOException {
        String fileId = m.fileId();
        ReedSolomon rs = codecs.computeIfAbsent(m.dataShards() + "+" + m.parityShards(),
                shape -> ReedSolomon.create(m.dataShards(), m.parityShards()));
        Blake3 hasher = Blake3.newHasher();
        List<CompletableFuture<byte[][]>> ahead = new ArrayList<>();
        try {
            for (int s = 0; s < m.stripes().size(); s++) {
                while (ahead.size() < s + STRIPES_IN_FLIGHT && ahead.size() < m.stripes().size()) {
                    StripeRef next = m.stripes().get(ahead.size());
                    ahead.add(CompletableFuture.supplyAsync(() -> fetchStripe(next, m.dataShards()), fetchers));
                }
                StripeRef stripe = m.stripes().get(s);
                byte[][] shards;
                try {
                    shards = ahead.get(s).join();
                    ahead.set(s, null);
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
                byte[][] all = rs.reconstruct(shards);
                long remaining = m.size() - (long) stripe.stripe() * m.stripeSize();
                int length = (int) Math.min(m.stripeSize(), remaining);
                for (int i = 0; i < m.dataShards() && length > 0; i++) {
                    int take = Math.min(length, all[i].length);
                    hasher.update(all[i], 0, take);
                    out.write(all[i], 0, take);
                    length -= take;
                }
            }
        } finally {
            ahead.stream().filter(java.util.Objects::nonNull).forEach(f -> f.cancel(false));
        }
        if (!HexFormat.of().formatHex(hasher.digest()).equals(fileId)) {
            throw new IOException("file " + fileId + " rebuilt to bytes with another hash");
        }
        metrics.served("download");
        metrics.bytes("downloaded", m.size());
    }

    /**
     * Deletes the file's manifest, then, from the miners that may hold them, those of its shards no other stored
     * file names (another file with an identical stripe shares its shards); false when unknown.
     */
    public boolean delete(String fileId) {
        Optional<Manifest> manifest = manifests.get(fileId);
        if (manifest.isEmpty()) {
            return false;
        }
        Set<String> released = index.remove(manifest.get());
        manifests.delete(fileId);
        Set<String> sent = new java.util.HashSet<>();
        List<CompletableFuture<MinerReply>> deletes = new ArrayList<>();
        for (StripeRef stripe : manifest.get().stripes()) {
            for (int i = 0; i < stripe.shards().size(); i++) {
                String hash = stripe.shards().get(i);
                if (!released.contains(hash)) {
                    continue;
                }
                MinerControl.Delete delete = new MinerControl.Delete(hash, identity.sign(CommandSignatures.delete(hash)));
                for (MapMiner miner : candidates(stripe.pg(), i)) {
                    if (sent.add(hash + "@" + miner.nodeId())) {
                        deletes.add(transport.request(address(miner), StorageProtocols.MINER_CONTROL, delete)
                                .exceptionally(e -> new MinerReply.Refused("UNAVAILABLE", e.getMessage())));
                    }
                }
            }
        }
        deletes.forEach(CompletableFuture::join);
        metrics.served("delete");
        return true;
    }

    /** The miners that may hold shard {@code shard} of a stripe in {@code pg}: under the current map, then older ones. */
    List<MapMiner> candidates(int pg, int shard) {
        Set<MapMiner> miners = new LinkedHashSet<>();
        for (CrushPlacement placement : membership.history()) {
            if (pg < placement.map().pgCount() && shard < placement.map().totalShards()) {
                miners.add(placement.minersOf(pg).get(shard));
            }
        }
        return List.copyOf(miners);
    }

    private byte[][] fetchStripe(StripeRef stripe, int k) {
        int n = stripe.shards().size();
        List<CompletableFuture<byte[]>> fetches = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fetches.add(fetchShard(new ShardId(stripe.shards().get(i)), candidates(stripe.pg(), i), stripe.shardSize()));
        }
        byte[][] shards = new byte[n][];
        int good = 0;
        for (int i = 0; i < n && good < k; i++) {
            byte[] shard = fetches.get(i).join();
            if (shard != null) {
                shards[i] = shard;
                good++;
            }
        }
        if (good < k) {
            throw new IllegalStateException("stripe " + stripe.stripe() + " of file " + stripe.fileId() + ": only " + good
                    + " of " + n + " shards could be fetched and verified, " + k + " are needed");
        }
        return shards;
    }

    private CompletableFuture<byte[]> fetchShard(ShardId id, List<MapMiner> miners, int size) {
        return CompletableFuture.supplyAsync(() -> {
            for (MapMiner miner : miners) {
                try (InputStream in = transport.download(address(miner), StorageProtocols.MINER_FETCH,
                        new FetchBlob(id.hex(), 0, 0)).get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    byte[] data = in.readNBytes(size + 1);
                    if (data.length == size && Arrays.equals(Blake3.hash(data), id.hash())) {
                        return data;
                    }
                    metrics.refused("download", "BAD_SHARD");
                    LOG.warn("Miner {} sent shard {} with the wrong bytes", miner.nodeId(), id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (Exception e) {
                    LOG.debug("Shard {} not fetched from {}: {}", id, miner.nodeId(), e.toString());
                }
            }
            return null;
        }, fetchers);
    }

    private CompletableFuture<Boolean> push(MapMiner miner, ShardId id, byte[] shard) {
        StoreHeader header = new StoreHeader(id.hex(), shard.length, identity.sign(CommandSignatures.upload(id.hex())));
        // The shard is in memory: sent as it is, in stream frames straight from the array (no copy, no reader thread).
        return transport.upload(address(miner), StorageProtocols.MINER_STORE, header, Payload.wrap(shard))
                .handle((reply, error) -> {
                    if (reply instanceof MinerReply.Ok) {
                        return true;
                    }
                    LOG.warn("Miner {} did not store shard {}: {}", miner.nodeId(), id,
                            error != null ? error.getMessage() : reply);
                    return false;
                });
    }

    /** Splits {@code length} bytes at {@code from} into data shards (zero-padded) and computes the parity. */
    private static byte[][] encode(ReedSolomon rs, byte[] file, int from, int length) {
        int k = rs.dataShards();
        int shardSize = Math.max(1, (length + k - 1) / k);
        ByteBuffer[] buffers = new ByteBuffer[rs.totalShards()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect(shardSize);
            if (i < k) {
                int start = from + i * shardSize;
                int take = Math.max(0, Math.min(shardSize, from + length - start));
                if (take > 0) {
                    buffers[i].put(0, file, start, take);
                }
            }
        }
        rs.encode(buffers, shardSize);
        byte[][] shards = new byte[buffers.length][shardSize];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i].get(0, shards[i]);
        }
        return shards;
    }

    private static PeerAddress address(MapMiner miner) {
        return new PeerAddress(miner.nodeId(), miner.host(), miner.port());
    }
}
