package io.quarry.kernel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarry.api.config.HostPort;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.health.PluginReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quarry plugins list}. */
@Command(name = "plugins", description = "Lists installed plugins.", subcommands = PluginsCommand.ListPlugins.class,
        footer = {"", "Example:", "  quarry plugins list --json"})
final class PluginsCommand {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(name = "list", description = {
        "Prints each plugin's id, version and state (STARTED / DISABLED / FAILED with the reason).",
        "Asks the running node at http.listen; when none answers, reports what a start would load."},
        footer = {"", "Example:", "  quarry plugins list --config /etc/quarry/quarry.toml --json"})
    static final class ListPlugins implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "Print the list as JSON, as /health shows it.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Config config = options.load();
            KernelConfig kernel = KernelConfig.bind(config);
            Optional<JsonNode> live = fetchLive(kernel.http().listen());
            JsonNode plugins;
            String origin;
            if (live.isPresent()) {
                plugins = live.get().path("plugins");
                origin = "running node " + live.get().path("nodeId").asText() + " at " + kernel.http().listen();
            } else {
                try (InstalledPlugins installed = InstalledPlugins.lookOnly(config, options.dataDir(config))) {
                    List<PluginReport> reports = installed.all().stream().map(h -> PluginReport.of(h, List.of(), null, List.of())).toList();
                    plugins = JSON.valueToTree(reports);
                }
                origin = "no node answering at " + kernel.http().listen() + "; states are what a start would load";
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(plugins));
            } else {
                print(plugins, origin);
            }
            return ExitCodes.OK;
        }
    }

    private static void print(JsonNode plugins, String origin) {
        System.out.printf("%-18s %-16s %-12s %s%n", "ID", "VERSION", "STATE", "DETAIL");
        for (JsonNode p : plugins) {
            StringBuilder detail = new StringBuilder(p.path("error").asText(""));
            for (JsonNode m : p.path("miners")) {
                if (!detail.isEmpty()) {
                    detail.append("; ");
                }
                detail.append("miner ").append(m.path("id").asText()).append(' ').append(m.path("state").asText());
                String why = m.path("detail").asText("");
                if (!why.isEmpty()) {
                    detail.append(": ").append(why);
                }
            }
            System.out.printf("%-18s %-16s %-12s %s%n", p.path("id").asText(), p.path("version").asText(),
                    p.path("state").asText(), detail);
        }
        System.out.println("(" + origin + ")");
    }

    private static Optional<JsonNode> fetchLive(HostPort address) {
        String host = address.host().equals("0.0.0.0") ? "127.0.0.1" : address.host().equals("::") ? "::1" : address.host();
        String authority = host.contains(":") ? "[" + host + "]:" + address.port() : host + ":" + address.port();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://" + authority + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(response.body());
            return body.has("plugins") && body.has("nodeId") ? Optional.of(body) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
