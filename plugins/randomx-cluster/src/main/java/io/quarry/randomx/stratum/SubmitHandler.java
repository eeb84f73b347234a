package io.quarry.randomx.stratum;

import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.WorkSource;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an outside miner's {@code submit}, cheapest test first: login id, job id, nonce and result format,
 * stale job, nonce range, duplicate, claimed difficulty, then the real hash. Each refusal is a Stratum error
 * XMRig prints and a {@code rejected{reason}} count; a good share that also meets the upstream target is
 * passed upstream without making the miner wait for the upstream's answer.
 */
final class SubmitHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitHandler.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, String> OK = Map.of("status", "OK");

    private final StratumServer server;
    private final WorkSource upstream;
    private final ShareHasher hasher;
    private final ShareCounters counters;
    private final InstantSource clock;

    SubmitHandler(StratumServer server, WorkSource upstream, ShareHasher hasher, ShareCounters counters,
                  InstantSource clock) {
        this.server = server;
        this.upstream = upstream;
        this.hasher = hasher;
        this.counters = counters;
        this.clock = clock;
    }

    Object submit(JsonRpcSession session, JsonRpcRequest request) {
        MinerSession miner = session.attribute(MinerSession.ATTRIBUTE, MinerSession.class).orElse(null);
        if (miner == null) {
            counters.rejected(StratumError.UNAUTHENTICATED.reason());
            throw StratumError.UNAUTHENTICATED.exception();
        }
        JsonRpcValue params = request.params();
        String jobId;
        String nonceHex;
        String resultHex;
        try {
            if (!params.has("id") || !miner.loginId().equals(params.get("id").asString())) {
                throw reject(miner, StratumError.UNAUTHENTICATED);
            }
            jobId = params.get("job_id").asString();
            nonceHex = params.get("nonce").asString();
            resultHex = params.get("result").asString();
        } catch (JsonRpcException e) {
            if (e.code() != StratumError.CODE) {
                // Wrong shapes keep the precise -32602 text ("params.nonce: expected a string, found a number").
                count(miner, StratumError.MALFORMED);
            }
            throw e;
        }
        IssuedJob job = miner.job(jobId).orElseThrow(() -> reject(miner, StratumError.INVALID_JOB_ID));
        int nonce;
        try {
            nonce = MoneroJob.parseNonceHex(nonceHex);
        } catch (IllegalArgumentException e) {
            throw reject(miner, StratumError.INVALID_NONCE);
        }
        byte[] result = parseResult(resultHex);
        if (result == null) {
            throw reject(miner, StratumError.INVALID_RESULT);
        }
        if (job.expired(clock.millis())) {
            throw reject(miner, StratumError.BLOCK_EXPIRED);
        }
        MoneroJob work = job.work();
        if (!work.nonceInRange(nonce)) {
            throw reject(miner, StratumError.NONCE_OUT_OF_RANGE);
        }
        if (!job.nonces().add(nonce)) {
            throw reject(miner, StratumError.DUPLICATE);
        }
        // The claimed result must reach the miner's target before we spend a RandomX hash on checking it.
        if (!MoneroDifficulty.meetsTarget(result, job.target())) {
            throw reject(miner, StratumError.LOW_DIFFICULTY);
        }
        byte[] hash;
        try {
            hash = hasher.hash(work.seedHash(), work.blobWithNonce(nonce));
        } catch (RuntimeException e) {
            // Our side cannot hash under this seed now (re-keying, engine stopped): not the miner's fault.
            job.nonces().remove(nonce);
            LOG.warn("Cannot verify a share of miner {}: {}", miner.session().id(), e.toString());
            throw reject(miner, StratumError.UNVERIFIED);
        }
        if (!Arrays.equals(hash, result)) {
            throw reject(miner, StratumError.BAD_HASH);
        }
        miner.accepted(job.difficulty());
        counters.accepted();
        server.recordAccepted(job.difficulty());
        if (MoneroDifficulty.meetsTarget(hash, work.target())) {
            forward(miner, new Share(work, nonce, hash));
        }
        server.retarget(miner);
        return OK;
    }

    private void forward(MinerSession miner, Share share) {
        upstream.submit(share).whenComplete((outcome, failure) -> {
            if (failure != null) {
                LOG.warn("Forwarding a share of miner {} failed", miner.session().id(), failure);
            } else if (outcome.accepted()) {
                LOG.debug("Upstream accepted a share of miner {}: {}", miner.session().id(), outcome.message());
            } else {
                LOG.info("Upstream rejected a share of miner {}: {}", miner.session().id(), outcome.message());
            }
        });
    }

    private static byte[] parseResult(String hex) {
        if (hex.length() != 64) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonRpcException reject(MinerSession miner, StratumError error) {
        count(miner, error);
        LOG.debug("Share of miner {} rejected: {}", miner.session().id(), error.message());
        return error.exception();
    }

    private void count(MinerSession miner, StratumError error) {
        miner.rejected(error.reason());
        counters.rejected(error.reason());
    }
}
