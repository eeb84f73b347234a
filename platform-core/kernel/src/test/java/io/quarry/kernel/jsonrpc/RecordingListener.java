package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps every client event for a test to wait on. */
class RecordingListener implements JsonRpcClientListener {

    final BlockingQueue<JsonRpcEndpoint> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<String> disconnected = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonRpcRequest> notifications = new LinkedBlockingQueue<>();

    @Override
    public void onConnected(JsonRpcClient client, JsonRpcEndpoint endpoint) {
        connected.add(endpoint);
    }

    @Override
    public void onDisconnected(JsonRpcClient client, JsonRpcEndpoint endpoint, String reason) {
        disconnected.add(reason);
    }

    @Override
    public void onNotification(JsonRpcClient client, JsonRpcRequest notification) {
        notifications.add(notification);
    }

    static <T> T await(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("no event within 5 s");
        }
        return value;
    }
}
