package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.chain.Seal;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.target.ShareTarget;
import io.quarry.poies.target.ShareTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoiesNodeServiceTest {

    @TempDir
    Path dir;

    @Test
    void sealsABlockWhenHPlusPsiMeetsThetaAndMovesTheWork() {
        NodeHarness h = new NodeHarness(dir, 0);
        h.node.start();
        List<Work> pushed = new ArrayList<>();
        h.node.onWork(pushed::add);
        Work work = h.node.currentWork();
        assertThat(work.template().height()).isEqualTo(1);
        assertThat(work.template().parentHash()).isEqualTo(h.chain.head().hash());

        HashShare shallow = NodeHarness.find(work, x -> x >= ShareTargets.MIN_TARGET_MICRO && x < NodeHarness.THETA);
        assertThat(h.node.submitShare(shallow.toEnvelope(), new ShareSource("rpc", "a")).status())
                .isEqualTo(SubmitResult.Status.ACCEPTED);
        assertThat(h.node.head().height()).isZero();
        assertThat(h.supply.offered).containsExactly(shallow.toEnvelope()); // as a proof for sibling templates

        HashShare deep = NodeHarness.blockShare(work);
        SubmitResult sealed = h.node.submitShare(deep.toEnvelope(), new ShareSource("rpc", "a"));
        assertThat(sealed.isSealed()).isTrue();
        assertThat(h.node.head().height()).isEqualTo(1);
        assertThat(h.node.head().hash()).isEqualTo(sealed.blockHash().orElseThrow());
        Block block = h.node.blockByHeight(1).orElseThrow();
        assertThat(block.hashShare().nullifier()).isEqualTo(deep.nullifier());
        assertThat(h.node.currentWork().template().height()).isEqualTo(2);
        assertThat(pushed).extracting(w -> w.template().height()).containsExactly(2L);
        assertThat(h.metrics.blocksSealed()).isEqualTo(1);
        assertThat(h.registry.find("animica_miner_blocks_sealed").counter().count()).isEqualTo(1);
    }

    @Test
    void attachesUsefulProofsAndRecordsTheirTypeAndPsi() {
        NodeHarness h = new NodeHarness(dir, 2);
        h.node.start(); // the supply produces for the head
        h.node.refresh(); // and the pool change rotates the work
        Work work = h.node.currentWork();
        assertThat(work.proofs()).hasSize(4);
        assertThat(work.psiMicro()).isGreaterThan(1_000_000);
        assertThat(work.template().proofsRoot()).isNotEqualTo(Bytes.ZERO32);

        SubmitResult sealed = h.node.submitShare(NodeHarness.blockShare(work).toEnvelope(), ShareSource.LOCAL_DEVICE);
        assertThat(sealed.isSealed()).isTrue();
        Block block = h.node.blockByHeight(1).orElseThrow();
        assertThat(block.proofs()).isEqualTo(work.proofs());
        Seal seal = h.node.seal(block.hash()).orElseThrow();
        assertThat(seal.credits()).extracting(Seal.Credit::type).containsOnly("ai", "quantum");
        assertThat(seal.psiMicro()).isEqualTo(work.psiMicro());
        assertThat(seal.scoreMicro()).isGreaterThanOrEqualTo(NodeHarness.THETA);
        assertThat(h.counter("animica_miner_selected_proofs", "type", "ai")).isEqualTo(2);
        assertThat(h.counter("animica_miner_selected_proofs", "type", "quantum")).isEqualTo(2);
        // The next work carries proofs for the new head, none of the spent ones.
        Work next = h.node.currentWork();
        assertThat(next.proofs()).hasSize(4).noneMatch(block.proofs()::contains);
    }

    @Test
    void refusesSharesWithTheSeedsReasonsInOrder() {
        NodeHarness h = new NodeHarness(dir, 0);
        h.node.start();
        Work work = h.node.currentWork();
        ShareSource peer = new ShareSource("ws", "10.0.0.9");
        HashShare good = NodeHarness.find(work, x -> x >= ShareTargets.MIN_TARGET_MICRO && x < NodeHarness.THETA);

        ProofEnvelope wrongType = new ProofEnvelope("vdf:v1", good.toEnvelope().body(), good.nullifier());
        assertReason(h, wrongType, peer, SubmitResult.SCHEMA);

        HashShare unknown = new HashShare("nope", good.nonce(), good.mixSeed(), good.u(), good.keccak(),
                good.dRatioPpm(), good.nullifier());
        assertReason(h, unknown.toEnvelope(), peer, SubmitResult.UNKNOWN_TEMPLATE);

        HashShare otherNonce = new HashShare(good.templateId(), good.nonce() + 1, good.mixSeed(), good.u(),
                good.keccak(), good.dRatioPpm(), good.nullifier());
        assertReason(h, otherNonce.toEnvelope(), peer, SubmitResult.HEADER_LINK);

        HashShare wrongRatio = new HashShare(good.templateId(), good.nonce(), good.mixSeed(), good.u(),
                good.keccak(), good.dRatioPpm() + 5, good.nullifier());
        assertReason(h, wrongRatio.toEnvelope(), peer, SubmitResult.TARGET_RATIO);

        HashShare tooShallow = NodeHarness.find(work, x -> x < ShareTargets.MIN_TARGET_MICRO);
        assertReason(h, tooShallow.toEnvelope(), peer, SubmitResult.TARGET_RATIO);

        assertThat(h.node.submitShare(good.toEnvelope(), peer).isAccepted()).isTrue();
        assertReason(h, good.toEnvelope(), peer, SubmitResult.DUPLICATE);

        assertThat(h.node.submitShare(NodeHarness.blockShare(work).toEnvelope(), peer).isSealed()).isTrue();
        assertReason(h, good.toEnvelope(), peer, SubmitResult.STALE); // its template is on the old head

        assertThat(h.counter("animica_miner_shares_rejected", "reason", "target_ratio")).isEqualTo(2);
        assertThat(h.counter("animica_miner_shares_rejected", "reason", "stale")).isEqualTo(1);
    }

    @Test
    void refusesEverythingBeforeStartAndCountsFrontRefusals() {
        NodeHarness h = new NodeHarness(dir, 0);
        Work work = h.node.currentWork();
        assertReason(h, NodeHarness.blockShare(work).toEnvelope(), ShareSource.LOCAL_DEVICE, SubmitResult.NOT_READY);
        h.node.recordRejected(SubmitResult.RATE_LIMITED);
        assertThat(h.counter("animica_miner_shares_rejected", "reason", "rate_limited")).isEqualTo(1);
    }

    @Test
    void submitBlockSealsOnlyAtTheta() {
        NodeHarness h = new NodeHarness(dir, 1);
        h.node.start();
        h.node.refresh();
        Work work = h.node.currentWork();
        HashShare shallow = NodeHarness.find(work, x -> x + work.psiMicro() < NodeHarness.THETA);
        SubmitResult below = h.node.submitBlock(Block.seal(work.template(), shallow, work.proofs()),
                new ShareSource("rpc", "m"));
        assertThat(below.reason()).isEqualTo(SubmitResult.BELOW_THETA);

        HashShare deep = NodeHarness.blockShare(work);
        SubmitResult sealed = h.node.submitBlock(Block.seal(work.template(), deep, work.proofs()),
                new ShareSource("rpc", "m"));
        assertThat(sealed.isSealed()).isTrue();
        assertThat(h.node.blockByHash(sealed.blockHash().orElseThrow())).isPresent();
        assertThat(h.node.submitBlock(Block.seal(work.template(), deep, work.proofs()), new ShareSource("rpc", "m"))
                .reason()).isEqualTo(SubmitResult.STALE);
    }

    @Test
    void localOverlayTightensTheProofSet() {
        NodeHarness h = new NodeHarness(dir, 3, new io.quarry.poies.PoiesMinerConfig.Selection(0,
                java.util.Map.of("quantum", 0.0), 2));
        h.node.start();
        h.node.refresh();
        Work work = h.node.currentWork();
        assertThat(work.proofs()).hasSize(2).allMatch(p -> p.typeId().equals("ai:v1"));
    }

    @Test
    void aShareFoundJustBeforeAVardiffRaiseIsAdmitted() {
        AtomicLong nanos = new AtomicLong();
        ShareTargets targets = new ShareTargets(1.0, nanos::get);
        ShareSource peer = new ShareSource("stratum", "10.0.0.7");
        targets.seed(peer.peer(), Math.exp(2)); // starts at the 2-nat floor
        NodeHarness h = new NodeHarness(dir, 0, io.quarry.poies.PoiesMinerConfig.Selection.DEFAULTS, targets);
        h.node.start();
        Work work = h.node.currentWork();
        long floor = h.node.shareTarget(peer).hMicro();
        assertThat(floor).isEqualTo(ShareTargets.MIN_TARGET_MICRO);

        // Eight shares in five seconds is 1.6 a second against the wanted 1: the next look raises the target.
        List<HashShare> shallow = new ArrayList<>();
        for (long nonce = 0; shallow.size() < 10; nonce++) {
            HashShare share = UDraw.share(work.template(), nonce);
            long hu = UDraw.hMicro(share.u());
            if (hu >= floor && hu < floor + 400_000) { // below the raised target (floor + ln 1.6)
                shallow.add(share);
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat(h.node.submitShare(shallow.get(i).toEnvelope(), peer).isAccepted()).isTrue();
        }
        nanos.addAndGet(5_000_000_000L);
        SubmitResult inFlight = h.node.submitShare(shallow.get(8).toEnvelope(), peer);
        assertThat(inFlight.isAccepted()).as(inFlight.message()).isTrue();
        assertThat(h.node.shareTarget(peer).hMicro()).isEqualTo(floor + Math.round(Math.log(1.6) * 1e6));

        nanos.addAndGet(ShareTargets.GRACE_NANOS);
        assertThat(h.node.submitShare(shallow.get(9).toEnvelope(), peer).reason())
                .isEqualTo(SubmitResult.TARGET_RATIO);
    }

    @Test
    void shareTargetsAreInHAndRatioTerms() {
        NodeHarness h = new NodeHarness(dir, 0);
        ShareTarget target = h.node.shareTarget(new ShareSource("ws", "x"));
        assertThat(target.hMicro()).isEqualTo(ShareTargets.MIN_TARGET_MICRO);
        assertThat(target.thetaMicro()).isEqualTo(NodeHarness.THETA);
        assertThat(target.dRatioPpm()).isEqualTo(666_667);
    }

    private static void assertReason(NodeHarness h, ProofEnvelope share, ShareSource source, String reason) {
        SubmitResult result = h.node.submitShare(share, source);
        assertThat(result.reason()).as(result.message()).isEqualTo(reason);
        assertThat(result.message()).isNotBlank();
    }
}
