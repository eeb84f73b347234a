package io.quarry.fleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quarry fleet node init|info}. */
@Command(name = "node", mixinStandardHelpOptions = true, subcommands = {NodeCommand.Init.class, NodeCommand.Info.class},
        description = "This node's fleet identity: name and role (the keys stay in the node identity).")
final class NodeCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code node init --name N --role R}. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Sets this node's fleet name and role.")
    static final class Init extends Verb {
        @Option(names = "--name", required = true, description = "The fleet name.")
        String name;

        @Option(names = "--role", defaultValue = "dual", description = "controller, worker or dual (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        JsonNode run(ApiClient api) {
            return api.post("node/init", Map.of("name", name, "role", role));
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            Info.show(result, out);
        }
    }

    /** {@code node info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Shows this node's fleet identity.")
    static final class Info extends Verb {
        @Override
        JsonNode run(ApiClient api) {
            return api.get("node/info");
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            show(result, out);
        }

        static void show(JsonNode info, PrintWriter out) {
            out.println("id:          " + text(info, "id"));
            out.println("name:        " + text(info, "name"));
            out.println("role:        " + text(info, "role"));
            out.println("version:     " + text(info, "version"));
            out.println("controllers: " + info.path("controllers").size());
            info.path("controllers").forEach(c -> out.println("  " + c.asText()));
        }
    }
}
