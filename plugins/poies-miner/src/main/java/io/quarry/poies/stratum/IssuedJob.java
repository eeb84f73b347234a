package io.quarry.poies.stratum;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.CanonicalHeader;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.node.Work;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One work as Stratum hands it out: the {@code mining.notify} params, built once for every connection. PoIES Stratum
 * extends notify with policyRoots, Θ (thetaMicro) and mixSeed; this server's params array is, by
 * position:
 * <ol start="0">
 *   <li>{@code job_id}: the template's {@code extra.templateId}, which {@code mining.submit} names</li>
 *   <li>{@code parentHash}: 0x-hex, 32 bytes</li>
 *   <li>{@code height}: integer</li>
 *   <li>{@code header}: {@code canonical_header_without_nonce} as 0x-hex (docs/poies-canonical-header.md), so a
 *       miner hashes {@code Keccak-512(header || nonce (8 bytes big-endian) || mixSeed)} without encoding the
 *       template itself</li>
 *   <li>{@code mixSeed}: 0x-hex, 32 bytes</li>
 *   <li>{@code thetaMicro}: Θ in micro-nats, integer</li>
 *   <li>{@code policyRoots}: {@code {"poiesPolicy": "0x..", "algPolicy": "0x.."}}</li>
 *   <li>{@code blockHMicro}: the H(u) in micro-nats a share needs to seal a block by itself, {@code Θ - Σψ} of the
 *       proofs the template commits to (informational: the node decides)</li>
 *   <li>{@code clean_jobs}: true when the head moved, so shares on earlier jobs are stale</li>
 * </ol>
 *
 * @param sequence increasing in the order the backend produced the works: a connection never gets an older job
 *     after a newer one
 * @param work the work
 * @param parentHash the template's parent, to tell whether a job is clean for a connection
 * @param cleanParams the params with {@code clean_jobs} true
 * @param sameHeadParams the params with {@code clean_jobs} false
 */
record IssuedJob(long sequence, Work work, Bytes parentHash, List<Object> cleanParams,
                  List<Object> sameHeadParams) {

    /** Position of each notify param. */
    static final int JOB_ID = 0;
    static final int PARENT_HASH = 1;
    static final int HEIGHT = 2;
    static final int HEADER = 3;
    static final int MIX_SEED = 4;
    static final int THETA_MICRO = 5;
    static final int POLICY_ROOTS = 6;
    static final int BLOCK_H_MICRO = 7;
    static final int CLEAN_JOBS = 8;

    IssuedJob {
        Objects.requireNonNull(work, "work");
        cleanParams = List.copyOf(cleanParams);
        sameHeadParams = List.copyOf(sameHeadParams);
    }

    static IssuedJob of(long sequence, Work work) {
        HeaderTemplate t = work.template();
        Map<String, Object> roots = new LinkedHashMap<>();
        roots.put("poiesPolicy", t.policyRoots().poiesPolicy().toString());
        roots.put("algPolicy", t.policyRoots().algPolicy().toString());
        Object[] params = new Object[CLEAN_JOBS + 1];
        params[JOB_ID] = t.templateId();
        params[PARENT_HASH] = t.parentHash().toString();
        params[HEIGHT] = t.height();
        params[HEADER] = Bytes.of(CanonicalHeader.encode(t)).toString();
        params[MIX_SEED] = t.mixSeed().toString();
        params[THETA_MICRO] = t.thetaMicro();
        params[POLICY_ROOTS] = roots;
        params[BLOCK_H_MICRO] = work.blockHMicro();
        params[CLEAN_JOBS] = true;
        List<Object> clean = Arrays.asList(params.clone());
        params[CLEAN_JOBS] = false;
        return new IssuedJob(sequence, work, t.parentHash(), clean, Arrays.asList(params));
    }

    String id() {
        return work.templateId();
    }

    /** The notify params, clean when {@code previousParent} differs from this job's parent. */
    List<Object> params(Bytes previousParent) {
        return parentHash.equals(previousParent) ? sameHeadParams : cleanParams;
    }
}
