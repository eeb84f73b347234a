package io.quarry.kernel.transport;

/**
 * Why a peer was cut off: the {@code reason} tag of {@code quarry.transport.protocol.errors}
 * ({@code quarry_transport_protocol_errors_total} in Prometheus).
 */
enum ErrorReason {
    /** A frame length beyond {@code max_frame_bytes}. */
    OVERSIZE_FRAME("oversize_frame"),
    /** A message beyond its protocol's limit. */
    OVERSIZE_MESSAGE("oversize_message"),
    /** A frame header that breaks the format. */
    MALFORMED_FRAME("malformed_frame"),
    /** A protocol index we never advertised. */
    UNKNOWN_PROTOCOL("unknown_protocol"),
    /** A payload that is not the protocol's CBOR record. */
    UNDECODABLE("undecodable"),
    /** Frames out of order: no HELLO first, a shrinking HELLO, a wrong version. */
    PROTOCOL_VIOLATION("protocol_violation"),
    /** Stream data beyond the credit granted. */
    FLOW_CONTROL("flow_control"),
    /** TLS plus HELLO took longer than {@code handshake_timeout_ms}. */
    HANDSHAKE_TIMEOUT("handshake_timeout"),
    /** The TLS handshake failed: not TLS, no or bad certificate. */
    TLS("tls"),
    /** A dialed peer proved to be another node than expected. */
    WRONG_NODE("wrong_node"),
    /** Over {@code max_connections} or {@code max_connections_per_ip}. */
    TOO_MANY_CONNECTIONS("too_many_connections");

    final String tag;

    ErrorReason(String tag) {
        this.tag = tag;
    }
}
