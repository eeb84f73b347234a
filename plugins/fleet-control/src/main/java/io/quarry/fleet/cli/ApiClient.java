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

    /** DELETEs {@code path}. */
    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** A path segment escaped for a URL. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.api.replaceAll("/+$", "") + PREFIX + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(FleetJson.write(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
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
