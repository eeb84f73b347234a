package io.quarry.fleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.fleet.FleetJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A small client of the node's fleet-control REST API for the {@code quarry fleet} verbs. */
final class ApiClient {

    private static final String PREFIX = "/api/v1/fleet-control/";

    private final ApiOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(ApiOptions options) {
        this.options = options;
    }

    /** GETs {@code path} (below the plugin's prefix). */
    JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** POSTs {@code body} as JSON. */
    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    /**
     * POSTs the file {@code body} as {@code contentType}, streamed from disk; the wait allows 30 s plus the file
     * at 256 KiB/s.
     */
    JsonNode postFile(String path, Path body, String contentType) {
        HttpRequest.Builder request;
        try {
            long size = Files.size(body);
            request = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(30 + size / (256 * 1024)))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofFile(body));
        } catch (IOException e) {
            throw new CliException("cannot read " + body + ": " + e.getMessage());
        }
        return send(request, "POST", path);
    }

    /** DELETEs {@code path}. */
    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** A path segment escaped for a URL. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        return URI.create(options.api.replaceAll("/+$", "") + PREFIX + path);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(FleetJson.write(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, method, path);
    }

    private JsonNode send(HttpRequest.Builder request, String method, String path) {
        String token = options.token();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CliException("cannot reach the node at " + options.api + " (" + e.getMessage()
                    + "); is it running? Use --api to name another address.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode json = response.body().length == 0 ? FleetJson.mapper().nullNode() : parse(response.body());
        if (response.statusCode() >= 300) {
            String message = json.has("error") ? json.get("error").asText() : json.toString();
            throw new CliException(method + " " + path + " failed (" + response.statusCode() + "): " + message
                    + (response.statusCode() == 401 ? " (check --token-file)" : ""));
        }
        return json;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return FleetJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new CliException("the node answered something that is not JSON: " + e.getMessage());
        }
    }
}
