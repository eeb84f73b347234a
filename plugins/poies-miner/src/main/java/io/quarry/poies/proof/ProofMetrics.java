package io.quarry.poies.proof;

import java.util.Map;

/**
 * What a verifier measured in a valid proof: the inputs of its kind's psi mapping (iterations of a VDF, bytes
 * a storage proof covers, units and trap outcomes of an attested job). Each kind has its own record.
 */
public interface ProofMetrics {

    /** The metrics by name, in a stable order, for RPC answers and logs. */
    Map<String, Long> asMap();
}
