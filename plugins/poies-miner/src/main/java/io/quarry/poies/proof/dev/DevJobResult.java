package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;

/**
 * What a dev job run yields for its attestation.
 *
 * @param jobSpec hash of the job's specification
 * @param result hash of its outputs, in batch order
 * @param units work items that were not traps
 * @param trapsTotal trap items in the batch
 * @param trapsPassed trap items whose output matched the known answer
 */
record DevJobResult(Bytes jobSpec, Bytes result, long units, long trapsTotal, long trapsPassed) {
}
