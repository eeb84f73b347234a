package io.quarry.randomx.job;

import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Monero Stratum {@code job} object as pools send it and XMRig reads it ({@code Client::parseJob}):
 * {@code {"job_id", "blob", "target", "seed_hash", "height", "algo"}} with hex strings for the binary fields.
 */
public final class StratumJobFormat {

    private static final HexFormat HEX = HexFormat.of();

    private StratumJobFormat() {
    }

    /**
     * Reads a job sent by a pool.
     *
     * @throws InvalidJobException naming what is wrong, with a {@link InvalidJobException#reason()} for metrics
     */
    public static MoneroJob parse(JsonRpcValue job) {
        if (!job.isObject()) {
            throw new InvalidJobException(InvalidJobException.MALFORMED, job.path() + " is not an object");
        }
        try {
            String jobId = job.get("job_id").asString();
            if (jobId.isEmpty() || jobId.length() > 128) {
                throw new InvalidJobException(InvalidJobException.MALFORMED, "job_id must be 1..128 characters");
            }
            byte[] blob = hex(job.get("blob").asString(), "blob", InvalidJobException.MALFORMED);
            if (blob.length < MoneroJob.MIN_BLOB_BYTES || blob.length > MoneroJob.MAX_BLOB_BYTES) {
                throw new InvalidJobException(InvalidJobException.BLOB_LENGTH, "blob of job " + jobId + " has "
                        + blob.length + " bytes; a Monero hashing blob has at least " + MoneroJob.MIN_BLOB_BYTES);
            }
            if (!job.has("seed_hash")) {
                throw new InvalidJobException(InvalidJobException.SEED_HASH, "job " + jobId
                        + " has no seed_hash; RandomX needs it (is the pool speaking RandomX?)");
            }
            byte[] seed = hex(job.get("seed_hash").asString(), "seed_hash", InvalidJobException.SEED_HASH);
            if (seed.length != 32) {
                throw new InvalidJobException(InvalidJobException.SEED_HASH, "seed_hash of job " + jobId
                        + " has " + seed.length + " bytes, expected 32");
            }
            long target;
            try {
                target = MoneroDifficulty.targetFromHex(job.get("target").asString());
            } catch (IllegalArgumentException e) {
                throw new InvalidJobException(InvalidJobException.TARGET, "job " + jobId + ": " + e.getMessage());
            }
            String algo = job.has("algo") ? job.get("algo").asString() : MoneroJob.ALGO_RX0;
            if (!MoneroJob.ALGO_RX0.equals(algo)) {
                throw new InvalidJobException(InvalidJobException.ALGO, "job " + jobId + " is for algorithm "
                        + algo + "; only " + MoneroJob.ALGO_RX0 + " is mined");
            }
            long height = job.has("height") ? job.get("height").asLong() : 0;
            if (height < 0) {
                throw new InvalidJobException(InvalidJobException.MALFORMED, "height must be >= 0, was " + height);
            }
            return new MoneroJob(jobId, blob, target, seed, height, algo, -1, false);
        } catch (JsonRpcException e) {
            throw new InvalidJobException(InvalidJobException.MALFORMED, e.error().message());
        }
    }

    /**
     * The job object to send a miner, with its own job id and target hex, and the miner's login id as pools
     * write it ({@code "id"}).
     */
    public static Map<String, Object> write(MoneroJob job, String minerJobId, String targetHex, String loginId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("blob", HEX.formatHex(job.blob()));
        out.put("job_id", minerJobId);
        out.put("target", targetHex);
        out.put("algo", job.algo());
        out.put("height", job.height());
        out.put("seed_hash", HEX.formatHex(job.seedHash()));
        if (loginId != null) {
            out.put("id", loginId);
        }
        return out;
    }

    private static byte[] hex(String value, String field, String reason) {
        try {
            return MoneroDifficulty.parseHex(value, field);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(reason, e.getMessage());
        }
    }
}
