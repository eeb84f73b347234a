package io.quarry.poies.proof.storage;

import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageSample;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofKind;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code storage:v1}: a {@link StorageProof} answered for a challenge drawn from a recent block.
 *
 * <p>Body: {@code {"anchor": "0x<32>", "root": "0x<32>", "leafCount": n, "leafSize": n, "samples": [{"index": i,
 * "leaf": "0x<leafSize>", "path": ["0x<32>", ...]}, ...]}}. The challenge is {@link #challenge(long, Bytes)
 * seed = Keccak-256("quarry:poies:storage:v1:challenge" || chainId || anchor)} with {@value #SAMPLES} samples,
 * so the opened leaves are unknown until the anchor block exists, and depend on the root the prover committed
 * to. The nullifier is {@code Keccak-256("quarry:poies:storage:v1:nullifier" || chainId || anchor || root)}: one
 * proof per data set per anchor.
 *
 * <p>psi = {@code 50000 * (floor(log2(leafCount * leafSize)) - 19)} micro-nats: 0.05 nat for 1 MiB, another
 * 0.05 each time the data doubles, at most 0.5 nat. The logarithm is deliberate: without a commitment
 * registered on chain before the challenge, a prover could rebuild a tree for each challenge, which costs
 * time linear in the size it claims; the logarithmic reward and the policy's storage cap bound what that
 * buys.
 */
public final class StorageKind implements ProofKind<StorageMetrics> {

    /** The envelope type id. */
    public static final String TYPE_ID = "storage:v1";
    /** Leaves opened per proof: a prover holding a fraction f of the data passes with probability f^16. */
    public static final int SAMPLES = 16;
    /** Smallest leaf. */
    public static final int MIN_LEAF_SIZE = 32;
    /** Largest leaf (keeps a proof's body under 150 KB of hex). */
    public static final int MAX_LEAF_SIZE = 4096;
    /** Deepest tree. */
    public static final int MAX_DEPTH = 40;
    /** Least data a proof may cover: 1 MiB. */
    public static final long MIN_COMMITTED_BYTES = 1L << 20;
    /** psi per doubling of the data above 512 KiB, in micro-nats. */
    public static final long PSI_PER_DOUBLING_MICRO = 50_000;
    /** Per-proof cap, in micro-nats. */
    public static final long MAX_PSI_MICRO = 500_000;

    private static final Set<String> KEYS = Set.of("anchor", "root", "leafCount", "leafSize", "samples");
    private static final Set<String> SAMPLE_KEYS = Set.of("index", "leaf", "path");
    private static final String CHALLENGE_TAG = "quarry:poies:storage:v1:challenge";
    private static final String NULLIFIER_TAG = "quarry:poies:storage:v1:nullifier";

    @Override
    public String typeId() {
        return TYPE_ID;
    }

    @Override
    public ProofType type() {
        return ProofType.STORAGE;
    }

    @Override
    public long maxPsiMicro() {
        return MAX_PSI_MICRO;
    }

    @Override
    public StorageMetrics verify(ProofEnvelope envelope, ProofContext context) {
        ProofBody body = envelope.body();
        body.requireExactly(KEYS);
        Bytes anchor = body.hex("anchor", HeaderTemplate.HASH_LENGTH);
        Bytes root = body.hex("root", StorageProof.HASH_LENGTH);
        long leafCount = body.integer("leafCount");
        long leafSize = body.integer("leafSize");
        List<Object> samples = body.list("samples");
        int depth = Long.numberOfTrailingZeros(leafCount);
        if (leafCount < 2 || Long.bitCount(leafCount) != 1 || depth > MAX_DEPTH) {
            throw bounds("body.leafCount: " + leafCount + " is not a power of two in [2, 2^" + MAX_DEPTH + "]");
        }
        if (leafSize < MIN_LEAF_SIZE || leafSize > MAX_LEAF_SIZE) {
            throw bounds("body.leafSize: " + leafSize + " is outside [" + MIN_LEAF_SIZE + ", " + MAX_LEAF_SIZE + "]");
        }
        long committed = leafCount * leafSize; // < 2^40 * 2^12
        if (committed < MIN_COMMITTED_BYTES) {
            throw bounds("the proof covers " + committed + " bytes, less than the " + MIN_COMMITTED_BYTES + " required");
        }
        if (samples.size() != SAMPLES) {
            throw new SchemaException("body.samples: expected " + SAMPLES + " samples, found " + samples.size());
        }
        ProofRejection.requireNullifier(envelope, nullifier(context.chainId(), anchor, root));
        context.requireAnchored(anchor);
        StorageChallenge challenge = challenge(context.chainId(), anchor);
        byte[] rootBytes = root.toArray();
        for (int i = 0; i < SAMPLES; i++) {
            String path = "body.samples[" + i + "]";
            StorageSample sample = sample(samples.get(i), path, (int) leafSize, depth);
            long expected = challenge.sampleIndex(rootBytes, i, leafCount);
            if (sample.index() != expected) {
                throw new ProofRejection(ProofRejection.Reason.INVALID_PROOF, path + ".index: " + sample.index()
                        + " is not the challenged leaf " + expected);
            }
            if (!MerkleTree.verifyPath(sample.index(), StorageProof.leafHash(sample.index(), sample.leaf()),
                    sample.siblings(), rootBytes)) {
                throw new ProofRejection(ProofRejection.Reason.INVALID_PROOF, path + ": the leaf and path do not lead"
                        + " to body.root");
            }
        }
        return new StorageMetrics(committed, SAMPLES);
    }

    @Override
    public long psiMicro(StorageMetrics metrics) {
        int log2 = 63 - Long.numberOfLeadingZeros(metrics.committedBytes());
        return Math.max(0, Math.min(MAX_PSI_MICRO, PSI_PER_DOUBLING_MICRO * (log2 - 19)));
    }

    /** The challenge for proofs anchored at {@code anchor} on chain {@code chainId}. */
    public static StorageChallenge challenge(long chainId, Bytes anchor) {
        Bytes seed = CanonicalWriter.tagged(CHALLENGE_TAG).u64(chainId).fixed(anchor).keccak256();
        return new StorageChallenge(seed.toArray(), SAMPLES);
    }

    /** The nullifier of a proof over {@code root} anchored at {@code anchor} on chain {@code chainId}. */
    public static Bytes nullifier(long chainId, Bytes anchor, Bytes root) {
        return CanonicalWriter.tagged(NULLIFIER_TAG).u64(chainId).fixed(anchor).fixed(root).keccak256();
    }

    /**
     * The envelope for {@code proof}, answered to {@link #challenge(long, Bytes) challenge(chainId, anchor)}.
     * The source's answer is put in as it is; verification decides whether it is any good.
     */
    public static ProofEnvelope envelope(long chainId, Bytes anchor, StorageProof proof) {
        List<Object> samples = new ArrayList<>(proof.samples().size());
        for (StorageSample sample : proof.samples()) {
            List<Object> path = new ArrayList<>();
            for (byte[] sibling : sample.siblings()) {
                path.add(Bytes.of(sibling).toString());
            }
            samples.add(Map.of("index", sample.index(), "leaf", Bytes.of(sample.leaf()).toString(), "path", path));
        }
        Bytes root = Bytes.of(proof.root());
        ProofBody body = ProofBody.builder()
                .putHex("anchor", anchor)
                .putHex("root", root)
                .put("leafCount", proof.leafCount())
                .put("leafSize", (long) proof.leafSize())
                .put("samples", samples)
                .build();
        return new ProofEnvelope(TYPE_ID, body, nullifier(chainId, anchor, root));
    }

    private static StorageSample sample(Object value, String path, int leafSize, int depth) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SchemaException(path + ": expected an object, found " + describe(value));
        }
        for (Object key : map.keySet()) {
            if (!SAMPLE_KEYS.contains(key)) {
                throw new SchemaException(path + "." + key + ": unknown member (expected " + SAMPLE_KEYS + ")");
            }
        }
        if (!(map.get("index") instanceof Long index) || index < 0) {
            throw new SchemaException(path + ".index: expected an integer >= 0, found " + describe(map.get("index")));
        }
        Bytes leaf = Bytes.parseHex(string(map.get("leaf"), path + ".leaf"), leafSize, path + ".leaf");
        if (!(map.get("path") instanceof List<?> siblings)) {
            throw new SchemaException(path + ".path: expected an array, found " + describe(map.get("path")));
        }
        if (siblings.size() != depth) {
            throw new SchemaException(path + ".path: expected " + depth + " hashes, found " + siblings.size());
        }
        List<byte[]> hashes = new ArrayList<>(depth);
        for (int j = 0; j < depth; j++) {
            String at = path + ".path[" + j + "]";
            hashes.add(Bytes.parseHex(string(siblings.get(j), at), StorageProof.HASH_LENGTH, at).toArray());
        }
        return new StorageSample(index, leaf.toArray(), hashes);
    }

    private static String string(Object value, String path) {
        if (value instanceof String text) {
            return text;
        }
        throw new SchemaException(path + ": expected a string, found " + describe(value));
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "a string";
            case Long l -> "the integer " + l;
            case List<?> l -> "an array";
            case Map<?, ?> m -> "an object";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    private static ProofRejection bounds(String detail) {
        return new ProofRejection(ProofRejection.Reason.OUT_OF_BOUNDS, detail);
    }
}
