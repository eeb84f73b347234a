package io.quarry.api.http;

import java.net.InetSocketAddress;

/** The server side of one WebSocket connection. Safe to use from any thread. */
public interface WebSocketSession {

    /** A node-unique id for logs and metrics. */
    String id();

    /** The client's address. */
    InetSocketAddress remote();

    /** Queues a text message; returns false when the connection is closed or its send buffer is full. */
    boolean send(String text);

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection with a normal close frame. */
    void close();
}
