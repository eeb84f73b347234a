package io.quarry.poies.remote;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.retry.Backoff;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.poies.consensus.Admission;
import io.quarry.poies.consensus.ShareAdmission;
import io.quarry.poies.hash.MicroTarget;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import io.quarry.poies.stratum.WorkBackend;
import io.quarry.poies.target.ShareTarget;
import io.quarry.poies.target.ShareTargets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work behind {@code quarry poies stratum-proxy}: a Stratum server's backend whose templates come from a remote
 * node ({@link Upstream}) instead of a local chain. Each downstream connection gets its own micro-target, tuned
 * toward {@code target_shares_per_sec} here ({@link ShareTargets}); its shares pass the admission checks here
 * ({@link ShareAdmission}, with freshness over the shares seen on the current head) and are counted; those that
 * also meet the target the upstream node set for this proxy are forwarded to it, and its verdict (accepted, sealed,
 * or refused with its reason) is what the downstream miner hears. Shares below the upstream target are admitted
 * here only: they prove the downstream miner's work, but the node would refuse them.
 *
 * <p>Templates reach Stratum as {@link Work}s without proofs and with {@code psiMicro} 0: the proxy does not
 * see the proofs a template commits to, so the {@code blockHMicro} it announces is Θ (an upper bound).
 */
public final class ProxyBackend implements WorkBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyBackend.class);

    /** Templates of the current head kept for late shares, and retired ids remembered to say "stale". */
    static final int MAX_WORKS = 32;
    static final int MAX_RETIRED = 256;
    /** Nullifiers remembered per head; beyond it the set starts over (the upstream node still refuses repeats). */
    static final int MAX_SEEN = 1 << 20;
    private static final int FORWARD_ATTEMPTS = 3;

    private final Upstream upstream;
    private final ShareTargets targets;
    private final RateLimiter limiter;
    private final MeterRegistry registry;
    private final Counter forwarded;
    private final ShareAdmission admission;
    private final List<Consumer<Work>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Work> works = new LinkedHashMap<>();
    private final Map<String, Boolean> retired = new LinkedHashMap<>();
    private volatile Set<Bytes> seen = ConcurrentHashMap.newKeySet();
    private volatile Work current;
    private volatile UpstreamWork upstreamWork;

    /**
     * @param endpoints the remote node
     * @param targetSharesPerSec the share rate each downstream connection's target aims for
     * @param limiter per-address and global buckets for downstream requests
     * @param registry where the refusal and forwarding counters go
     * @param prefix meter name prefix ({@code PluginMetrics.name("proxy")}): {@code <prefix>.forwarded} counts
     *     shares sent upstream
     */
    public ProxyBackend(Upstream.Endpoints endpoints, double targetSharesPerSec, RateLimiter limiter,
                        MeterRegistry registry, String prefix) {
        this.upstream = new Upstream(endpoints, this::onUpstreamWork);
        this.targets = new ShareTargets(targetSharesPerSec);
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.forwarded = Counter.builder(prefix + ".forwarded")
                .description("Downstream shares forwarded to the upstream node").register(registry);
        this.admission = new ShareAdmission(id -> work(id).map(Work::template), nullifier -> !remember(nullifier));
    }

    /** Starts taking work from the upstream node. */
    public void start() {
        upstream.start();
    }

    /** The upstream node. */
    public Upstream upstream() {
        return upstream;
    }

    @Override
    public Optional<Work> currentWork() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized Optional<Work> work(String templateId) {
        return Optional.ofNullable(works.get(templateId));
    }

    @Override
    public WorkSubscription onWork(Consumer<Work> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
        Admission outcome = admission.admit(share, template -> targets.admissionTargetMicro(source.peer()));
        if (outcome instanceof Admission.Rejected no) {
            String reason = code(no, share);
            recordRejected(reason);
            return SubmitResult.rejected(reason, no.detail());
        }
        Admission.Admitted ok = (Admission.Admitted) outcome;
        targets.shareAccepted(source.peer());
        UpstreamWork above = upstreamWork;
        if (above == null || ok.hMicro() < upstreamTargetFor(above, ok.template())) {
            return SubmitResult.accepted(ok.share().dRatioPpm());
        }
        return forward(ok);
    }

    @Override
    public ShareTarget shareTarget(ShareSource source) {
        Work work = current;
        long theta = work == null ? 1 : work.template().thetaMicro();
        long h = targets.targetMicro(source.peer());
        long ppm = Math.max(1, MicroTarget.toDRatioPpm(h, theta));
        return new ShareTarget(ppm, MicroTarget.fromDRatioPpm(ppm, theta), theta);
    }

    @Override
    public void recordRejected(String reason) {
        SubmitResult.jsonRpcCode(reason); // only the node's reason codes
        Counter.builder("animica_miner_shares_rejected").description("Shares refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public RateLimiter limiter() {
        return limiter;
    }

    @Override
    public void close() {
        upstream.close();
    }

    private SubmitResult forward(Admission.Admitted ok) {
        Backoff backoff = BackoffPolicy.of(Duration.ofMillis(200), Duration.ofSeconds(2)).start();
        UpstreamException last = null;
        for (int attempt = 1; attempt <= FORWARD_ATTEMPTS; attempt++) {
            try {
                SubmitResult verdict = upstream.submit(ok.share().toEnvelope());
                forwarded.increment();
                if (!verdict.isAccepted()) {
                    recordRejected(verdict.reason());
                } else if (verdict.isSealed()) {
                    LOG.info("Upstream sealed block {} from a proxied share", verdict.blockHash().orElseThrow());
                }
                return verdict;
            } catch (UpstreamException e) {
                last = e;
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        recordRejected(SubmitResult.NOT_READY);
        return SubmitResult.rejected(SubmitResult.NOT_READY, "the upstream node could not be reached: "
                + (last == null ? "interrupted" : last.getMessage()));
    }

    /** The least H(u) the upstream admits on {@code template} from this proxy. */
    private static long upstreamTargetFor(UpstreamWork work, HeaderTemplate template) {
        return MicroTarget.fromDRatioPpm(work.target().dRatioPpm(), template.thetaMicro());
    }

    private void onUpstreamWork(UpstreamWork work) {
        upstreamWork = work;
        Work previous = current;
        if (previous != null && previous.template().equals(work.template())) {
            return; // only the upstream's target for this proxy changed
        }
        Work next = new Work(work.template(), List.of(), 0);
        synchronized (this) {
            if (previous != null && !previous.template().parentHash().equals(work.template().parentHash())) {
                works.keySet().forEach(id -> retired.put(id, Boolean.TRUE));
                works.clear();
                seen = ConcurrentHashMap.newKeySet();
                while (retired.size() > MAX_RETIRED) {
                    retired.remove(retired.keySet().iterator().next());
                }
            }
            works.put(next.templateId(), next);
            while (works.size() > MAX_WORKS) {
                works.remove(works.keySet().iterator().next());
            }
            current = next;
        }
        listeners.forEach(l -> l.accept(next));
    }

    /** Records a nullifier; false when it was seen before on this head. */
    private boolean remember(Bytes nullifier) {
        Set<Bytes> s = seen;
        if (s.size() >= MAX_SEEN) {
            s.clear();
        }
        return s.add(nullifier);
    }

    private synchronized String code(Admission.Rejected no, ProofEnvelope share) {
        return switch (no.reason()) {
            case SCHEMA -> SubmitResult.SCHEMA;
            case STALE -> retired.containsKey(templateId(share)) ? SubmitResult.STALE : SubmitResult.UNKNOWN_TEMPLATE;
            case HEADER_LINK, NULLIFIER -> SubmitResult.HEADER_LINK;
            case U_DOMAIN -> SubmitResult.U_DOMAIN;
            case TARGET -> SubmitResult.TARGET_RATIO;
            case DUPLICATE_NULLIFIER -> SubmitResult.DUPLICATE;
        };
    }

    private static String templateId(ProofEnvelope share) {
        Object id = share.body().asMap().get("templateId");
        return id instanceof String s ? s : "";
    }
}
