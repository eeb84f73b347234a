package io.quarry.api.http;

/**
 * Receives the events of one WebSocket connection. Methods are called one at a time, in order, on a virtual
 * thread; they may block, and a slow handler delays only its own connection.
 */
public interface WebSocketHandler {

    /** The connection is open; {@code session} sends to the client. */
    default void onOpen(WebSocketSession session) {
    }

    /** A complete text message arrived (bounded by {@code http.max_ws_message_bytes}). */
    void onText(WebSocketSession session, String text);

    /** The connection closed, by either side. */
    default void onClose(WebSocketSession session) {
    }

    /** Makes one handler per connection. */
    @FunctionalInterface
    interface Factory {
        /** A fresh handler for a connection from the given request. */
        WebSocketHandler create(HttpRequest upgradeRequest);
    }
}
