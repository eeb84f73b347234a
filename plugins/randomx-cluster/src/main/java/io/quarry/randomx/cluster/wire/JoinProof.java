package io.quarry.randomx.cluster.wire;

/**
 * The joining node's proof that it holds the cluster secret: an HMAC over both node ids and both nonces of the
 * handshake in progress (a label distinct from the master's, so the master's tag cannot be echoed back).
 *
 * @param masterNonce the nonce the master sent in its {@link HelloChallenge}
 * @param mac HMAC-SHA256 under the secret
 */
public record JoinProof(byte[] masterNonce, byte[] mac) {

    public JoinProof {
        WireChecks.nonce("masterNonce", masterNonce);
        WireChecks.mac("mac", mac);
    }
}
