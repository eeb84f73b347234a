package io.quarry.poies.node.rpc;

import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.chain.TestChain;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.node.ChainHead;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import io.quarry.poies.target.ShareTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A node with a two-block chain whose submit answers the test sets, recording what it was given. */
final class FakeNode implements PoiesNode {

    final Block genesis = TestChain.genesis();
    final Block one = TestChain.child(genesis, List.of(TestChain.proof(1), TestChain.proof(2)));
    final Work work = new Work(TestChain.child(one, List.of()).template(), List.of(), 0);
    final List<ProofEnvelope> shares = new ArrayList<>();
    final List<ShareSource> sources = new ArrayList<>();
    final List<String> rejectedByFront = new ArrayList<>();
    final RateLimiter limiter;
    SubmitResult next = SubmitResult.accepted(1234);

    FakeNode(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Work currentWork() {
        return work;
    }

    @Override
    public Optional<Work> work(String templateId) {
        return templateId.equals(work.templateId()) ? Optional.of(work) : Optional.empty();
    }

    @Override
    public WorkSubscription onWork(Consumer<Work> listener) {
        return () -> { };
    }

    @Override
    public SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
        shares.add(share);
        sources.add(source);
        return next;
    }

    @Override
    public SubmitResult submitBlock(Block block, ShareSource source) {
        sources.add(source);
        return next;
    }

    @Override
    public void recordRejected(String reason) {
        rejectedByFront.add(reason);
    }

    @Override
    public ShareTarget shareTarget(ShareSource source) {
        return new ShareTarget(100_000, 200_000, TestChain.THETA);
    }

    @Override
    public ChainHead head() {
        return new ChainHead(1, one.hash(), one.template().time(), TestChain.THETA);
    }

    @Override
    public Optional<Block> blockByHeight(long height) {
        return height == 0 ? Optional.of(genesis) : height == 1 ? Optional.of(one) : Optional.empty();
    }

    @Override
    public Optional<Block> blockByHash(Bytes hash) {
        return hash.equals(genesis.hash()) ? Optional.of(genesis) : hash.equals(one.hash()) ? Optional.of(one)
                : Optional.empty();
    }

    @Override
    public Optional<Seal> seal(Bytes blockHash) {
        if (blockHash.equals(one.hash())) {
            return Optional.of(new Seal(1_500_000, List.of(new Seal.Credit("vdf", 250_000),
                    new Seal.Credit("ai", 400_000))));
        }
        return blockHash.equals(genesis.hash()) ? Optional.of(Seal.genesis(0)) : Optional.empty();
    }

    @Override
    public RateLimiter limiter() {
        return limiter;
    }
}
