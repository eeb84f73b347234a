package io.quarry.randomx.cluster.wire;

import io.quarry.api.transport.Protocol;
import java.time.Duration;

/**
 * The cluster's protocols on the node transport (TLS 1.3 between authenticated node ids), version
 * {@value #VERSION}; wire facts in {@code docs/randomx-cluster-protocol.md}. Every message has a size limit far
 * below the transport's frame limit; a peer exceeding it is cut off by the transport.
 */
public final class ClusterProtocols {

    /** The protocol version carried in HELLO and in every protocol id. */
    public static final int VERSION = 1;

    /** HELLO, answered with the master's challenge. */
    public static final Protocol<Hello, HelloChallenge> HELLO =
            Protocol.of("randomx/cluster/hello/1", Hello.class, HelloChallenge.class)
                    .withMaxMessageBytes(1024).withMaxConcurrent(16).withTimeout(Duration.ofSeconds(5));
    /** The joining node's proof, answered with admission (or an error: no work for a node without the secret). */
    public static final Protocol<JoinProof, JoinAccepted> JOIN =
            Protocol.of("randomx/cluster/join/1", JoinProof.class, JoinAccepted.class)
                    .withMaxMessageBytes(512).withMaxConcurrent(16).withTimeout(Duration.ofSeconds(5));
    /** CAPABILITIES, member to master, one way. */
    public static final Protocol<NodeCapabilities, Void> CAPABILITIES =
            Protocol.oneWay("randomx/cluster/capabilities/1", NodeCapabilities.class).withMaxMessageBytes(512);
    /** HEARTBEAT, member to master, answered with the member's newest assignment id. */
    public static final Protocol<Heartbeat, HeartbeatAck> HEARTBEAT =
            Protocol.of("randomx/cluster/heartbeat/1", Heartbeat.class, HeartbeatAck.class)
                    .withMaxMessageBytes(256).withTimeout(Duration.ofSeconds(5));
    /**
     * WORKUNIT_REQUEST, answered with WORKUNIT_ASSIGN (a {@link WorkUnit}). Members pull: the heartbeat answer
     * tells them when a newer assignment waits, so the master never needs to dial them.
     */
    public static final Protocol<WorkUnitRequest, WorkUnit> WORKUNIT_REQUEST =
            Protocol.of("randomx/cluster/workunit-request/1", WorkUnitRequest.class, WorkUnit.class)
                    .withMaxMessageBytes(2048).withTimeout(Duration.ofSeconds(10));
    /** WORKUNIT_RESULT, answered with the master's verdict. */
    public static final Protocol<WorkResult, ResultVerdict> WORKUNIT_RESULT =
            Protocol.of("randomx/cluster/workunit-result/1", WorkResult.class, ResultVerdict.class)
                    .withMaxMessageBytes(1024).withTimeout(Duration.ofSeconds(30));
    /** HASH_REQUEST, answered with HASH_RESPONSE. 256 blobs of 512 bytes plus CBOR overhead. */
    public static final Protocol<HashRequest, HashResponse> HASH =
            Protocol.of("randomx/cluster/hash/1", HashRequest.class, HashResponse.class)
                    .withMaxMessageBytes(160 * 1024).withMaxConcurrent(8).withTimeout(Duration.ofSeconds(30));

    private ClusterProtocols() {
    }
}
