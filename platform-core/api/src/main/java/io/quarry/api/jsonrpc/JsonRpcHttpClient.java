package io.quarry.api.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls a JSON-RPC 2.0 endpoint over HTTP POST (such as one served by {@link JsonRpcServers#serveHttp}): one
 * request per POST, the answer read up to {@link JsonRpcHttpClientSettings#maxAnswerBytes()} and matched to the
 * request's id. An error answer is an error whatever the HTTP status (a server answers a refusal, such as the
 * rate limit, with a JSON-RPC error under a 4xx status). Thread-safe; calls block the calling thread (use a
 * virtual thread). Usable without a node, from a command-line tool as well as from a plugin.
 */
public final class JsonRpcHttpClient implements AutoCloseable {

    private final JsonRpcHttpClientSettings settings;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcHttpClient(JsonRpcHttpClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    }

    /** The settings. */
    public JsonRpcHttpClientSettings settings() {
        return settings;
    }

    /**
     * Calls {@code method} and returns its result (a null view for {@code "result":null}).
     *
     * @param params any JSON-writable value (record, map, list, {@link JsonRpcValue}, Jackson tree), or null
     * @throws JsonRpcException when the server answered with an error
     * @throws JsonRpcTransportException when the server cannot be reached ({@code NOT_CONNECTED}), the connection
     *     drops ({@code CONNECTION_LOST}), the answer takes too long ({@code TIMEOUT}), the server refuses the
     *     token ({@code UNAUTHORIZED}) or answers with something else than the answer ({@code PROTOCOL})
     */
    public JsonRpcValue call(String method, Object params) {
        Objects.requireNonNull(method, "method");
        long id = ids.incrementAndGet();
        HttpResponse<InputStream> response = post(method, JsonRpcWire.request(id, method, params));
        byte[] body = read(response, method);
        JsonRpcWire.Message answer;
        try {
            answer = JsonRpcWire.read(body);
        } catch (IllegalArgumentException e) {
            throw new JsonRpcTransportException(Kind.PROTOCOL, settings.uri() + " answered " + method + " with HTTP "
                    + response.statusCode() + " and no JSON-RPC answer: " + e.getMessage());
        }
        // An error with a null id is the server saying it could not tell which request it refuses (JSON-RPC 2.0
        // section 5): over HTTP that can only be this one.
        if (!(answer instanceof JsonRpcWire.Reply reply)
                || !(Long.valueOf(id).equals(reply.id()) || reply.id() == null && reply.error() != null)) {
            throw new JsonRpcTransportException(Kind.PROTOCOL, settings.uri() + " answered " + method
                    + " with something other than its answer");
        }
        if (reply.error() != null) {
            throw new JsonRpcException(reply.error());
        }
        return reply.result();
    }

    /**
     * Sends a notification: the server runs it and answers nothing.
     *
     * @throws JsonRpcTransportException as for {@link #call}, and ({@code PROTOCOL}) when the server refused it
     *     with an error status
     */
    public void notify(String method, Object params) {
        Objects.requireNonNull(method, "method");
        HttpResponse<InputStream> response = post(method, JsonRpcWire.notification(method, params));
        read(response, method);
        if (response.statusCode() / 100 != 2) {
            throw new JsonRpcTransportException(Kind.PROTOCOL, settings.uri() + " refused notification " + method
                    + " with HTTP " + response.statusCode());
        }
    }

    private HttpResponse<InputStream> post(String method, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.uri()).timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new JsonRpcTransportException(Kind.TIMEOUT, method + " to " + settings.uri() + " took longer than "
                    + settings.requestTimeout(), e);
        } catch (ConnectException e) {
            throw new JsonRpcTransportException(Kind.NOT_CONNECTED, method + " to " + settings.uri()
                    + " failed: cannot connect (" + (e.getMessage() != null ? e.getMessage() : "connection refused")
                    + ")", e);
        } catch (IOException e) {
            throw new JsonRpcTransportException(Kind.CONNECTION_LOST, method + " to " + settings.uri() + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsonRpcTransportException(Kind.CLOSED, method + " to " + settings.uri() + " interrupted", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            closeQuietly(response);
            throw new JsonRpcTransportException(Kind.UNAUTHORIZED, settings.uri() + " refused " + method + " (HTTP "
                    + response.statusCode() + "): it needs the node's API token");
        }
        return response;
    }

    private byte[] read(HttpResponse<InputStream> response, String method) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(settings.maxAnswerBytes() + 1);
            if (bytes.length > settings.maxAnswerBytes()) {
                throw new JsonRpcTransportException(Kind.PROTOCOL, settings.uri() + " answered " + method
                        + " with more than " + settings.maxAnswerBytes() + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new JsonRpcTransportException(Kind.CONNECTION_LOST, "reading the answer to " + method + " from "
                    + settings.uri() + " failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // The answer is being thrown away.
        }
    }

    /** Releases the client's connections; harmless twice. */
    @Override
    public void close() {
        http.close();
    }
}
