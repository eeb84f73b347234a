package io.quarry.storage.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a verb of the {@code quarry} command line this command was started from, in this process. */
final class KernelVerb {

    private KernelVerb() {
    }

    /**
     * Runs {@code path} (e.g. {@code identity backup}) with {@code args}; its exit code, or 2 with a message when
     * this command does not run under {@code quarry} (the kernel's verbs are not there).
     */
    static int run(CommandSpec spec, List<String> path, List<String> args) {
        // Executed from the top-level verb: picocli consults the parse results of a verb's parents, and only the
        // root has one during this run.
        CommandLine verb = spec.root().commandLine().getSubcommands().get(path.get(0));
        for (String name : path.subList(1, path.size())) {
            if (verb != null && !verb.getSubcommands().containsKey(name)) {
                verb = null;
            }
        }
        if (verb == null) {
            spec.commandLine().getErr().println("'" + spec.qualifiedName() + "' runs 'quarry " + String.join(" ", path)
                    + "': start it as a quarry verb");
            return 2;
        }
        List<String> all = new java.util.ArrayList<>(path.subList(1, path.size()));
        all.addAll(args);
        return verb.execute(all.toArray(String[]::new));
    }
}
