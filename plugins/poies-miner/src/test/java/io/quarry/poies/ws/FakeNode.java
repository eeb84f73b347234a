package io.quarry.poies.ws;

import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.node.ChainHead;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import io.quarry.poies.target.ShareTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node for protocol tests: it serves the works a test installs and admits shares with the admission checks in
 * their documented order (schema, header link, u-draw domain, target ratio, nullifier freshness) against one share
 * target, with the hash package's exact H(u). It records every admitted share and who sent it, and seals when H(u)
 * reaches the work's block threshold.
 */
public final class FakeNode implements PoiesNode {

    private final List<Consumer<Work>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Work> works = new ConcurrentHashMap<>();
    private final Set<Bytes> nullifiers = ConcurrentHashMap.newKeySet();
    /** Admitted shares with their source, in order. */
    public final List<Map.Entry<HashShare, ShareSource>> admitted = new CopyOnWriteArrayList<>();
    /** Refusals the fronts counted before admission, by reason. */
    public final Map<String, Integer> recorded = new ConcurrentHashMap<>();
    /** Every result returned, in order. */
    public final List<SubmitResult> results = new CopyOnWriteArrayList<>();
    private volatile Work current;
    private volatile long shareDRatioPpm;
    private volatile RateLimiter limiter = new RateLimiter(new RateLimit(0, 1), new RateLimit(0, 1));
    private volatile long height;
    private volatile Bytes head = Bytes.ZERO32;

    public FakeNode(Work first, long shareDRatioPpm) {
        this.shareDRatioPpm = shareDRatioPpm;
        install(first);
    }

    /** Makes {@code work} current; when {@code newHead} the older works become stale. */
    public void rotate(Work work, boolean newHead) {
        if (newHead) {
            works.clear();
            height++;
        }
        install(work);
        listeners.forEach(l -> l.accept(work));
    }

    public void shareDRatioPpm(long ppm) {
        this.shareDRatioPpm = ppm;
    }

    public void limiter(RateLimiter newLimiter) {
        this.limiter = newLimiter;
    }

    private void install(Work work) {
        works.put(work.templateId(), work);
        current = work;
    }

    @Override
    public Work currentWork() {
        return current;
    }

    @Override
    public Optional<Work> work(String templateId) {
        return Optional.ofNullable(works.get(templateId));
    }

    @Override
    public WorkSubscription onWork(Consumer<Work> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public SubmitResult submitShare(ProofEnvelope envelope, ShareSource source) {
        SubmitResult result = admit(envelope, source);
        results.add(result);
        return result;
    }

    private SubmitResult admit(ProofEnvelope envelope, ShareSource source) {
        HashShare share;
        try {
            share = HashShare.fromEnvelope(envelope);
        } catch (SchemaException e) {
            return SubmitResult.rejected(SubmitResult.SCHEMA, e.getMessage());
        }
        Work work = works.get(share.templateId());
        if (work == null) {
            return SubmitResult.rejected(SubmitResult.STALE, "template " + share.templateId() + " is stale");
        }
        HeaderTemplate template = work.template();
        Bytes digest = ShareDigest.compute(template, share.nonce());
        if (!share.mixSeed().equals(template.mixSeed()) || !digest.equals(share.keccak())
                || !share.u().equals(ShareDigest.u(digest))
                || !share.nullifier().equals(HashShare.nullifierFor(digest))) {
            return SubmitResult.rejected(SubmitResult.HEADER_LINK, "keccak is not the digest of the template and nonce");
        }
        long hMicro = hMicro(share.u());
        long ppm = dRatioPpm(hMicro, template.thetaMicro());
        if (ppm != share.dRatioPpm()) {
            return SubmitResult.rejected(SubmitResult.TARGET_RATIO, "d_ratio_ppm is " + share.dRatioPpm()
                    + " but H(u) gives " + ppm);
        }
        if (ppm < shareDRatioPpm) {
            return SubmitResult.rejected(SubmitResult.TARGET_RATIO, "d_ratio_ppm " + ppm + " is below the share "
                    + "target " + shareDRatioPpm);
        }
        if (!nullifiers.add(share.nullifier())) {
            return SubmitResult.rejected(SubmitResult.DUPLICATE, "nullifier " + share.nullifier() + " was already "
                    + "admitted");
        }
        admitted.add(Map.entry(share, source));
        if (hMicro >= work.blockHMicro()) {
            return SubmitResult.sealed(ppm, Bytes.of(new byte[32]));
        }
        return SubmitResult.accepted(ppm);
    }

    /** H(u) in micro-nats, exactly as consensus computes it. */
    public static long hMicro(Bytes u) {
        return UDraw.hMicro(u);
    }

    /** floor(H(u) * 10^6 / Θ). */
    public static long dRatioPpm(long hMicro, long thetaMicro) {
        return UDraw.dRatioPpm(hMicro, thetaMicro);
    }

    /** A share envelope for {@code nonce} on {@code work}, computed honestly. */
    public static ProofEnvelope share(Work work, long nonce) {
        return UDraw.share(work.template(), nonce).toEnvelope();
    }

    /** The first nonce from {@code start} whose share's d_ratio_ppm satisfies {@code wanted}. */
    public static long find(Work work, long start, java.util.function.LongPredicate wanted) {
        for (long nonce = start; ; nonce++) {
            Bytes digest = ShareDigest.compute(work.template(), nonce);
            if (wanted.test(dRatioPpm(hMicro(ShareDigest.u(digest)), work.template().thetaMicro()))) {
                return nonce;
            }
        }
    }

    @Override
    public SubmitResult submitBlock(Block block, ShareSource source) {
        return SubmitResult.rejected(SubmitResult.NOT_READY, "not in this fake");
    }

    @Override
    public ShareTarget shareTarget(ShareSource source) {
        long theta = current.template().thetaMicro();
        long ppm = shareDRatioPpm;
        return new ShareTarget(ppm, (ppm * theta + 999_999) / 1_000_000, theta);
    }

    @Override
    public ChainHead head() {
        return new ChainHead(height, head, 0, current.template().thetaMicro());
    }

    @Override
    public Optional<Block> blockByHeight(long h) {
        return Optional.empty();
    }

    @Override
    public Optional<Block> blockByHash(Bytes hash) {
        return Optional.empty();
    }

    @Override
    public void recordRejected(String reason) {
        recorded.merge(reason, 1, Integer::sum);
    }

    @Override
    public Optional<Seal> seal(Bytes blockHash) {
        return Optional.empty();
    }

    @Override
    public RateLimiter limiter() {
        return limiter;
    }

    /** The sources of the admitted shares. */
    public List<ShareSource> sources() {
        List<ShareSource> out = new ArrayList<>();
        admitted.forEach(e -> out.add(e.getValue()));
        return out;
    }
}
