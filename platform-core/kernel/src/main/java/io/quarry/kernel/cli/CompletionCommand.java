package io.quarry.kernel.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry completion bash|zsh}: the shell completion script for every verb, plugin verbs included. */
@Command(name = "completion", description = "Prints a shell completion script for bash or zsh.",
        footer = {"", "Examples:", "  source <(quarry completion bash)          # this shell",
            "  quarry completion bash | sudo tee /etc/bash_completion.d/quarry",
            "  quarry completion zsh > \"${fpath[1]}/_quarry\"   # zsh"})
final class CompletionCommand implements Callable<Integer> {

    /** The shells there is a script for. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("quarry", spec.root().commandLine());
        if (shell == Shell.zsh) {
            // picocli's script is bash; zsh runs it through its bash-completion emulation.
            script = "#compdef quarry\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + script;
        }
        System.out.print(script);
        return ExitCodes.OK;
    }
}
