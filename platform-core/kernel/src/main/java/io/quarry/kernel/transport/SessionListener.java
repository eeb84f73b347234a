package io.quarry.kernel.transport;

/** Follows sessions through their life; called on event loops, so it must not block. */
interface SessionListener {

    /** The TCP connection is up; TLS has not started. */
    void opened(Session session);

    /** TLS and both HELLOs are through: the peer id is known and calls may flow. */
    void ready(Session session);

    /** The connection closed, ready or not. */
    void closed(Session session);
}
