package io.quarry.randomx.cluster.wire;

/**
 * The master's answer to HELLO: its own nonce and an HMAC proving it holds the cluster secret, bound to both
 * node ids and both nonces (so it cannot be replayed to another node or for another HELLO).
 *
 * @param masterId the answering node's id (the worker pins it)
 * @param nonce 32 random bytes from the master
 * @param mac HMAC-SHA256 under the secret, see {@code docs/randomx-cluster-protocol.md}
 */
public record HelloChallenge(String masterId, byte[] nonce, byte[] mac) {

    public HelloChallenge {
        WireChecks.nodeId("masterId", masterId);
        WireChecks.nonce("nonce", nonce);
        WireChecks.mac("mac", mac);
    }
}
