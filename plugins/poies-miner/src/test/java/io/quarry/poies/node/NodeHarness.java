package io.quarry.poies.node;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.miner.HashrateMeter;
import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.chain.BlockSummary;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.chain.Genesis;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.PolicyLoader;
import io.quarry.poies.policy.ProviderKeyResolver;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.dev.DevProvider;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.vdf.VdfKind;
import io.quarry.poies.target.ShareTargets;
import io.quarry.poies.target.ThetaSchedule;
import io.quarry.testkit.MemoryKeyValueStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * A node over an in-memory store with the dev policy, a low fixed Θ so tests find block-level shares in a few
 * dozen nonces, and a proof supply producing real AI and Quantum proofs from the dev provider for each head.
 */
final class NodeHarness {

    static final long CHAIN_ID = 1337;
    /** Θ of every block: 3 nats, met by H(u) alone once in about 20 nonces. */
    static final long THETA = 3_000_000;

    final MemoryKeyValueStore store = new MemoryKeyValueStore();
    final Policy policy;
    final ChainStore chain;
    final DevProvider dev;
    final DevSupply supply;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PoiesMetrics metrics = new PoiesMetrics(registry, new HashrateMeter());
    final PoiesNodeService node;

    NodeHarness(Path dir, int aiJobsPerHead) {
        this(dir, aiJobsPerHead, PoiesMinerConfig.Selection.DEFAULTS);
    }

    NodeHarness(Path dir, int aiJobsPerHead, PoiesMinerConfig.Selection overlay) {
        this(dir, aiJobsPerHead, overlay, new ShareTargets(100_000));
    }

    NodeHarness(Path dir, int aiJobsPerHead, PoiesMinerConfig.Selection overlay, ShareTargets targets) {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        this.dev = new DevProvider(key);
        this.policy = PolicyLoader.devPolicy(ProviderKeyResolver.of(Map.of(ProviderKeyResolver.LOCAL_DEV_PROVIDER,
                key.publicKey())));
        Block genesis = Genesis.block(CHAIN_ID, new HeaderTemplate.Params(THETA, policy.gammaCapMicro(),
                policy.escortQPpm()), new HeaderTemplate.PolicyRoots(policy.policyRoot(),
                TemplateFactory.ALG_POLICY_ROOT), 1_700_000_000L);
        this.chain = ChainStore.open(store, CHAIN_ID, genesis, Genesis.seal(genesis), THETA);
        this.supply = new DevSupply(dev, aiJobsPerHead);
        ProofRegistry registry = ProofRegistry.of(List.of(new VdfKind(), AttestedKind.ai(), AttestedKind.quantum()));
        this.node = new PoiesNodeService(new WorkSources(chain, policy, registry, overlay, supply,
                new TemplateFactory(CHAIN_ID, "anim1test", InstantSource.system(), new SecureRandom())),
                new FixedTheta(), targets, metrics, new RateLimiter(new RateLimit(0, 1), new RateLimit(0, 1)), InstantSource.system(), null);
    }

    /** The first nonce (from 0) whose share on {@code work} satisfies {@code h}. */
    static HashShare find(Work work, LongPredicate h) {
        for (long nonce = 0; ; nonce++) {
            HashShare share = UDraw.share(work.template(), nonce);
            if (h.test(UDraw.hMicro(share.u()))) {
                return share;
            }
        }
    }

    /** A share that seals a block on {@code work}. */
    static HashShare blockShare(Work work) {
        return find(work, h -> h + work.psiMicro() >= work.template().thetaMicro());
    }

    double counter(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Θ never moves. */
    static final class FixedTheta implements ThetaSchedule {
        @Override
        public long genesisThetaMicro() {
            return THETA;
        }

        @Override
        public int window() {
            return 2;
        }

        @Override
        public long nextThetaMicro(List<BlockSummary> recent) {
            return THETA;
        }
    }

    /** Real dev-provider AI and Quantum proofs, produced synchronously for each head. */
    static final class DevSupply implements ProofSupply {
        private final DevProvider dev;
        private final int jobs;
        private final List<ProofEnvelope> pool = new ArrayList<>();
        final List<ProofEnvelope> offered = new ArrayList<>();
        private long version;
        int heads;

        DevSupply(DevProvider dev, int jobs) {
            this.dev = dev;
            this.jobs = jobs;
        }

        @Override
        public void start() {
        }

        @Override
        public void offer(ProofEnvelope proof, ProofContext context) {
            offered.add(proof);
        }

        @Override
        public synchronized void onHead(ProofContext context, Predicate<Bytes> spent) {
            heads++;
            for (int i = 0; i < jobs; i++) {
                pool.add(dev.ai(context, version * 100 + i));
                pool.add(dev.quantum(context, version * 100 + i));
            }
            version++;
        }

        @Override
        public synchronized Collection<ProofEnvelope> candidates() {
            return List.copyOf(pool);
        }

        @Override
        public synchronized long version() {
            return version;
        }

        @Override
        public void close() {
        }
    }
}
