package io.quarry.poies.node;

import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.target.ShareTarget;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a PoIES node offers the servers in front of it (JSON-RPC, WebSocket getwork, Stratum) and the local
 * scanner: the work to do, one admission path for shares, and read access to the chain. Everything here is
 * thread-safe and none of it blocks for long (admission hashes the share once; sealing writes one batch).
 *
 * <h2>Work</h2>
 * {@link #currentWork()} is the template miners should scan now, together with the proof envelopes it commits
 * to (its {@code proofsRoot}) and their total psi. A new {@link Work} replaces it when the head or Theta
 * changes, or when the proof pool offers a materially better set (rate-limited by
 * {@code poies-miner.template_refresh_ms}). Shares on a replaced template are still admitted while their template
 * builds on the current head ({@link #work(String)} finds it); once the head moves they are stale.
 *
 * <h2>Admission</h2>
 * {@link #submitShare} runs the admission checks in the order of {@code docs/poies-canonical-header.md} section 5:
 * schema, header link, u-draw domain, target ratio, nullifier freshness. A share that passes is counted; if its
 * {@code H(u) + Σψ(template proofs) >= Θ} the node re-verifies the proofs, seals a block, persists it, and pushes new
 * work. Every refusal comes back as a {@link SubmitResult} with a stable {@link SubmitResult#reason()} code and a
 * human message, and is counted in {@code animica_miner_shares_rejected_total{reason}}.
 *
 * <h2>Share target</h2>
 * Shares are admitted when their {@code d_ratio_ppm} (H(u) relative to the template's Θ, in millionths) reaches
 * the submitter's micro-target. {@link #shareTarget(ShareSource)} gives that target per source: the node tunes
 * it per peer toward {@code poies-miner.target_shares_per_sec} from the shares it admits (vardiff), so servers
 * only need to relay it to their miners.
 */
public interface PoiesNode extends ChainReader {

    /** The work miners should scan now. */
    Work currentWork();

    /**
     * The work with this {@code templateId} while shares on it are still admissible (built on the current
     * head); empty when unknown or stale.
     */
    Optional<Work> work(String templateId);

    /**
     * Calls {@code listener} with every new {@link Work}, on a node thread, in order. Listeners must return
     * quickly (queue a send, never block on a socket). Close the returned handle to stop listening.
     */
    WorkSubscription onWork(Consumer<Work> listener);

    /**
     * Admits one HashShare envelope ({@code docs/poies-canonical-header.md} section 5) from {@code source}; seals a
     * block when it meets Θ. Never throws for bad input: every refusal is a result with a reason.
     */
    SubmitResult submitShare(ProofEnvelope share, ShareSource source);

    /**
     * Admits a whole candidate block (template, nonce, share, proofs) built by a miner: the template must be
     * one this node served and still current, the share must pass admission (the micro-target does not apply),
     * and the score must meet Θ. Sealed blocks persist and rotate work like any other.
     */
    SubmitResult submitBlock(Block block, ShareSource source);

    /**
     * Counts a share a front refused before it could reach {@link #submitShare} (its JSON did not parse, its
     * request was over the rate), under one of the {@link SubmitResult} reason codes, in
     * {@code animica_miner_shares_rejected_total{reason}}. Refusals {@code submitShare} returns are already
     * counted: do not count them again.
     */
    void recordRejected(String reason);

    /** The micro-target shares from {@code source} must reach, for the current Θ. */
    ShareTarget shareTarget(ShareSource source);

    /**
     * The token buckets (per peer and global) every outside-miner endpoint shares: check
     * {@link RateLimiter#tryAcquire(String)} with the peer's address before handling a request.
     */
    RateLimiter limiter();
}
