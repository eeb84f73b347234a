package io.quarry.randomx.cluster;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Hello;
import io.quarry.randomx.cluster.wire.HelloChallenge;
import io.quarry.randomx.cluster.wire.JoinAccepted;
import io.quarry.randomx.cluster.wire.JoinProof;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The joining side of the membership handshake: HELLO to the master, check that the answer comes from the node
 * id it was dialled as (pinned; the transport authenticated it) and that its tag proves the cluster secret, then
 * prove the secret back. A master without the secret is never joined.
 */
public final class JoinClient {

    private final Transport transport;
    private final ClusterSecret secret;
    private final String selfId;
    private final SecureRandom random = new SecureRandom();

    public JoinClient(Transport transport, ClusterSecret secret, String selfId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
    }

    /**
     * Joins the master at {@code master}; blocks until admitted.
     *
     * @throws ClusterException when the master does not prove the secret or refuses this node
     * @throws io.quarry.api.transport.TransportException when it cannot be reached
     */
    public JoinAccepted join(PeerAddress master, String role, NodeCapabilities capabilities) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        HelloChallenge challenge = await(transport.request(master, ClusterProtocols.HELLO,
                new Hello(ClusterProtocols.VERSION, selfId, nonce, role, capabilities)));
        if (!challenge.masterId().equals(master.nodeId())) {
            throw new ClusterException("master " + master + " answered HELLO as " + challenge.masterId());
        }
        byte[] expected = HandshakeTags.master(secret, master.nodeId(), selfId, nonce, challenge.nonce());
        if (!MessageDigest.isEqual(expected, challenge.mac())) {
            throw new ClusterException("master " + master + " does not hold this cluster's secret");
        }
        byte[] proof = HandshakeTags.member(secret, selfId, master.nodeId(), challenge.nonce(), nonce);
        JoinAccepted accepted = await(transport.request(master, ClusterProtocols.JOIN,
                new JoinProof(challenge.nonce(), proof)));
        if (!accepted.masterId().equals(master.nodeId())) {
            throw new ClusterException("master " + master + " admitted this node as " + accepted.masterId());
        }
        return accepted;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
