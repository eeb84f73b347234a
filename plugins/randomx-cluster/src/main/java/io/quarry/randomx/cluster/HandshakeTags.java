package io.quarry.randomx.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The two HMAC tags of the membership handshake (see {@code docs/randomx-cluster-protocol.md}): each binds the
 * cluster secret to both node ids and both nonces, under a label per direction so one side's tag is never valid
 * as the other's.
 */
final class HandshakeTags {

    private static final byte[] MASTER = "quarry/randomx-cluster/1/master".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEMBER = "quarry/randomx-cluster/1/member".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH = "quarry/randomx-cluster/1/hash".getBytes(StandardCharsets.US_ASCII);

    private HandshakeTags() {
    }

    /** The master's tag: it answers {@code memberNonce} and proves it holds the secret. */
    static byte[] master(ClusterSecret secret, String masterId, String memberId, byte[] memberNonce, byte[] masterNonce) {
        return secret.mac(MASTER, id(masterId), id(memberId), memberNonce, masterNonce);
    }

    /** The member's tag: it answers {@code masterNonce} and proves it holds the secret. */
    static byte[] member(ClusterSecret secret, String memberId, String masterId, byte[] masterNonce, byte[] memberNonce) {
        return secret.mac(MEMBER, id(memberId), id(masterId), masterNonce, memberNonce);
    }

    /** The tag of HASH_REQUESTs from {@code memberId} to {@code hostId}. */
    static byte[] hash(ClusterSecret secret, String memberId, String hostId) {
        return secret.mac(HASH, id(memberId), id(hostId));
    }

    private static byte[] id(String nodeId) {
        return HexFormat.of().parseHex(nodeId);
    }
}
