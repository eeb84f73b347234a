package io.quarry.fleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code quarry fleet} verb: talks to the running node's API and prints a table or its JSON. */
abstract class Verb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions options;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            JsonNode result = run(new ApiClient(options));
            if (options.json) {
                out.println(result.toPrettyString());
            } else {
                print(result, out);
            }
            out.flush();
            return 0;
        } catch (CliException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("quarry fleet: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Makes the API call(s) and returns what to print. */
    abstract JsonNode run(ApiClient api);

    /** Prints {@code result} for a person. */
    abstract void print(JsonNode result, PrintWriter out);

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
