package io.quarry.fleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quarry fleet peer add|list|remove|ping}. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        subcommands = {PeerCommand.Add.class, PeerCommand.ListPeers.class, PeerCommand.Remove.class, PeerCommand.Ping.class},
        description = "The peers this node knows.")
final class PeerCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code peer add --address HOST:PORT --name N [--id HEX] [--role R]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Registers a peer; without --id the transport handshake learns its node id and pins it.")
    static final class Add extends Verb {
        @Option(names = "--address", required = true, description = "The peer's transport address, HOST:PORT.")
        String address;

        @Option(names = "--name", required = true, description = "The name to know it by.")
        String name;

        @Option(names = "--id", description = "Its node id (64 hex characters), when known.")
        String id;

        @Option(names = "--role", defaultValue = "worker",
                description = "worker, controller or dual (default: ${DEFAULT-VALUE}); controller/dual: accept its commands.")
        String role;

        @Option(names = "--hops", description = "Network hops to it (peer selection).")
        Integer hops;

        @Option(names = "--geo-km", description = "Distance to it in km (peer selection).")
        Double geoKm;

        @Override
        JsonNode run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("address", address);
            body.put("name", name);
            body.put("role", role);
            if (id != null) {
                body.put("id", id);
            }
            if (hops != null) {
                body.put("hops", hops);
            }
            if (geoKm != null) {
                body.put("geoKm", geoKm);
            }
            return api.post("peers", body);
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.println("added " + text(result, "name") + " " + text(result, "id") + " (" + text(result, "status") + ")");
        }
    }

    /** {@code peer list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists peers with status, last seen, ping and score.")
    static final class ListPeers extends Verb {
        @Override
        JsonNode run(ApiClient api) {
            return api.get("peers");
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.printf("%-16s %-14s %-8s %-10s %-22s %9s %6s  %s%n", "NAME", "ID", "STATUS", "ROLE", "ADDRESS", "PING ms",
                    "SCORE", "LAST SEEN");
            for (JsonNode p : result) {
                long seen = p.path("lastSeen").asLong();
                double ping = p.path("pingMs").asDouble();
                out.printf("%-16s %-14s %-8s %-10s %-22s %9s %6.1f  %s%n", text(p, "name"), text(p, "id").substring(0, 12),
                        text(p, "status"), text(p, "role"), text(p, "address"), ping < 0 ? "-" : String.format("%.1f", ping),
                        p.path("score").asDouble(), seen == 0 ? "never" : Instant.ofEpochMilli(seen).toString());
            }
        }
    }

    /** {@code peer remove ID|NAME}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Forgets a peer.")
    static final class Remove extends Verb {
        @Parameters(index = "0", description = "The peer's id or name.")
        String peer;

        @Override
        JsonNode run(ApiClient api) {
            return api.delete("peers/" + ApiClient.segment(peer));
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.println("removed " + peer);
        }
    }

    /** {@code peer ping ID|NAME}. */
    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Pings a peer and updates its metrics.")
    static final class Ping extends Verb {
        @Parameters(index = "0", description = "The peer's id or name.")
        String peer;

        @Override
        JsonNode run(ApiClient api) {
            return api.post("peers/" + ApiClient.segment(peer) + "/ping", Map.of());
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            JsonNode p = result.path("peer");
            if (result.has("error")) {
                out.println(text(p, "name") + ": " + text(result, "error"));
            } else {
                out.printf("%s: pong from %s in %.1f ms%n", text(p, "name"), text(result.path("pong"), "name"),
                        p.path("pingMs").asDouble());
            }
        }
    }
}
