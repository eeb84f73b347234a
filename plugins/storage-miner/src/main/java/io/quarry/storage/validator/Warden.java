package io.quarry.storage.validator;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.placement.MapMiner;
import io.quarry.storage.pos.ChunkMerkle;
import io.quarry.storage.pos.PosVerifier;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PosProof;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.StripeRef;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's warden: challenges miners to prove they hold the shards placed on them (PosChallenge with random
 * chunks and a fresh nonce, checked against the Merkle root recorded at upload) and keeps each miner's
 * {@link Reputation}.
 */
public final class Warden {

    private static final Logger LOG = LoggerFactory.getLogger(Warden.class);
    /** Chunks opened per challenge (fewer when the shard has fewer). */
    public static final int CHUNKS_PER_CHALLENGE = 4;

    private final Transport transport;
    private final Membership membership;
    private final ManifestStore manifests;
    private final StorageMetrics metrics;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Reputation> reputations = new ConcurrentHashMap<>();

    /** A warden challenging through {@code transport}. */
    public Warden(Transport transport, Membership membership, ManifestStore manifests, StorageMetrics metrics) {
        this.transport = transport;
        this.membership = membership;
        this.manifests = manifests;
        this.metrics = metrics;
    }

    /** Each miner's reputation so far. */
    public Map<String, Reputation> reputations() {
        return Map.copyOf(reputations);
    }

    /** One round: a random shard of a random stored stripe, challenged at the miner the current map names. */
    public void round() {
        List<Manifest> all = manifests.all().stream().filter(m -> !m.stripes().isEmpty()).toList();
        if (all.isEmpty() || membership.placement().isEmpty()) {
            return;
        }
        Manifest manifest = all.get(random.nextInt(all.size()));
        int s = random.nextInt(manifest.stripes().size());
        int shard = random.nextInt(manifest.stripes().get(s).shards().size());
        challenge(manifest, s, shard);
    }

    /**
     * Challenges the miner the current map names for shard {@code shard} of stripe {@code stripe} of
     * {@code manifest}, records the result, and returns whether it passed; empty when no map names a miner.
     */
    public Optional<Boolean> challenge(Manifest manifest, int stripe, int shard) {
        Optional<MapMiner> target = membership.placement().map(p -> p.minersOf(manifest.stripes().get(stripe).pg()).get(shard));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        MapMiner miner = target.get();
        StripeRef ref = manifest.stripes().get(stripe);
        int chunks = ChunkMerkle.chunkCount(ref.shardSize());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < Math.min(CHUNKS_PER_CHALLENGE, chunks); i++) {
            indices.add(random.nextInt(chunks));
        }
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        MinerControl.PosChallenge challenge = new MinerControl.PosChallenge(ref.shards().get(shard), indices, nonce,
                HexFormat.of().parseHex(manifest.roots().get(stripe).get(shard)));
        String failure;
        try {
            MinerReply reply = transport.request(new PeerAddress(miner.nodeId(), miner.host(), miner.port()),
                    StorageProtocols.MINER_CONTROL, challenge).get(StorageProtocols.MINER_CONTROL.timeout().toSeconds(),
                    TimeUnit.SECONDS);
            failure = reply instanceof MinerReply.Proof(PosProof proof) ? PosVerifier.refusal(challenge, proof)
                    : "answered " + reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            failure = "no answer: " + e.getMessage();
        }
        boolean passed = failure == null;
        reputations.merge(miner.nodeId(), Reputation.NEW.after(passed), (old, one) -> old.after(passed));
        metrics.challenge(passed ? "passed" : "failed");
        if (!passed) {
            LOG.warn("Miner {} failed the challenge on shard {}: {}", miner.nodeId(), ref.shards().get(shard), failure);
        }
        return Optional.of(passed);
    }
}
