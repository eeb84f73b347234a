package io.quarry.randomx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quarry randomx cluster status [--json] [--http HOST:PORT]}: the cluster as the running node sees it, read
 * from its stats route ({@code GET /api/v1/randomx-cluster/stats}, open, on the node's HTTP port).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the cluster as the running node sees it: its role, the master and the members.")
public final class ClusterStatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--http", defaultValue = "127.0.0.1:8080",
            description = "The node's HTTP listen address (http.listen; default: ${DEFAULT-VALUE}).")
    private String http;

    @Option(names = "--json", description = "Print the stats route's cluster object as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode stats;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + http + "/api/v1/randomx-cluster/stats")).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("the node at " + http + " answered " + response.statusCode()
                        + " for its randomx-cluster stats: is the plugin enabled?");
                err.flush();
                return 1;
            }
            stats = JSON.readTree(response.body());
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the node's stats at http://" + http + " (" + e.getMessage()
                    + "); is the node running? Pass its http.listen with --http");
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        JsonNode cluster = stats.path("cluster");
        if (cluster.isMissingNode() || cluster.isNull()) {
            err.println("the node at " + http + " is not in a cluster (randomx-cluster.role = \"standalone\")");
            err.flush();
            return 1;
        }
        if (json) {
            out.println(cluster.toString());
        } else {
            out.println("role " + cluster.path("role").asText() + ", master " + cluster.path("masterId").asText()
                    + ", elections " + cluster.path("elections").asLong());
            for (JsonNode member : cluster.path("members")) {
                out.println(String.format(Locale.ROOT, "  %s  %-6s  %10.1f H/s%s%s", member.path("nodeId").asText(),
                        member.path("role").asText(), member.path("hashrate").asDouble(),
                        member.path("datasetHost").asBoolean() ? "  dataset host" : "",
                        member.has("range") ? "  range " + member.path("range").get(0).asLong() + ".."
                                + member.path("range").get(1).asLong() : ""));
            }
        }
        out.flush();
        return 0;
    }
}
