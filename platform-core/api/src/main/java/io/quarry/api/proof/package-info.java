/**
 * Proofs one plugin produces and another consumes, without either importing the other
 * ({@code docs/architecture.md} section 1). The storage plugin can offer a
 * {@link io.quarry.api.proof.StorageProofSource} through {@code NodeContext.offer}; the PoIES plugin finds it with
 * {@code NodeContext.service} and attaches what it proves to blocks, falling back to its own prover when no
 * storage plugin is running.
 *
 * <p>The formats here are contracts: a source and a verifier that follow the Javadoc agree byte for byte. Hashes
 * are SHA3-256 (FIPS 202) so a source needs nothing beyond the JDK.
 */
package io.quarry.api.proof;
