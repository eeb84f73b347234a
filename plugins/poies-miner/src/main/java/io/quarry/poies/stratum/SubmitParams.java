package io.quarry.poies.stratum;

import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.model.ShareDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The params of {@code mining.submit}, by position: {@code [worker_name, job_id, nonce]} or
 * {@code [worker_name, job_id, nonce, digest]}.
 * <ul>
 *   <li>{@code worker_name}: the name given to {@code mining.authorize}</li>
 *   <li>{@code job_id}: the {@code job_id} of a {@code mining.notify}</li>
 *   <li>{@code nonce}: the whole 64-bit nonce as 16 hex digits, big-endian (the byte order it is hashed in),
 *       optionally {@code 0x}-prefixed; the connection's extranonce1 is its high 4 bytes by convention</li>
 *   <li>{@code digest} (optional): the 64-byte share digest the miner computed, 128 hex digits, optionally
 *       {@code 0x}-prefixed; when present the node checks it against its own (a mismatch is {@code header_link})</li>
 * </ul>
 *
 * @param worker the worker name
 * @param jobId the job id
 * @param nonce the nonce
 * @param digest the miner's digest, if sent
 */
record SubmitParams(String worker, String jobId, long nonce, Optional<Bytes> digest) {

    /** Longest worker name or job id accepted. */
    static final int MAX_NAME_LENGTH = 128;

    /**
     * Reads the params.
     *
     * @throws SchemaException naming the position and what was expected
     */
    static SubmitParams read(JsonRpcValue params) {
        if (!params.isArray() || params.size() < 3 || params.size() > 4) {
            throw new SchemaException("params: expected [worker_name, job_id, nonce] or [worker_name, job_id, nonce, "
                    + "digest], found " + (params.isArray() ? params.size() + " elements" : "no array"));
        }
        String worker = name(params.get(0), "params[0] (worker_name)");
        String jobId = name(params.get(1), "params[1] (job_id)");
        byte[] nonceBytes = hex(params.get(2), 8, "params[2] (nonce)");
        long nonce = 0;
        for (byte b : nonceBytes) {
            nonce = (nonce << 8) | (b & 0xff);
        }
        Optional<Bytes> digest = params.size() == 4 && !params.get(3).isNull()
                ? Optional.of(Bytes.of(hex(params.get(3), ShareDigest.LENGTH, "params[3] (digest)")))
                : Optional.empty();
        return new SubmitParams(worker, jobId, nonce, digest);
    }

    /** Printable ASCII without spaces, 1 to {@link #MAX_NAME_LENGTH} characters. */
    static String name(JsonRpcValue value, String what) {
        if (!value.isString()) {
            throw new SchemaException(what + ": expected a string");
        }
        String text = value.asString();
        if (text.isEmpty() || text.length() > MAX_NAME_LENGTH || !text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SchemaException(what + ": expected 1 to " + MAX_NAME_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return text;
    }

    private static byte[] hex(JsonRpcValue value, int bytes, String what) {
        if (!value.isString()) {
            throw new SchemaException(what + ": expected a string of " + 2 * bytes + " hex digits");
        }
        String text = value.asString();
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() != 2 * bytes) {
            throw new SchemaException(what + ": expected " + 2 * bytes + " hex digits, optionally 0x-prefixed, found "
                    + Math.min(digits.length(), 9999) + " characters");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new SchemaException(what + ": expected " + 2 * bytes + " hex digits, found other characters");
        }
    }
}
