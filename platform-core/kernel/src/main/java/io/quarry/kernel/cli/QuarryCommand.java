package io.quarry.kernel.cli;

import io.quarry.api.config.ConfigException;
import io.quarry.kernel.NodeVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code quarry}: with no verb it runs a node, like {@code quarry run}. */
@Command(name = "quarry", mixinStandardHelpOptions = true, versionProvider = QuarryCommand.Version.class,
        description = "Runs every kind of miner an operator owns: a small kernel and miner plugins.",
        footer = {"", "Examples:", "  quarry run --config /etc/quarry/quarry.toml", "  quarry doctor", "  quarry help config"},
        subcommands = {RunCommand.class, InitCommand.class, ConfigCommand.class, PluginsCommand.class, DoctorCommand.class, CompletionCommand.class,
                IdentityCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class QuarryCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        RunCommand run = new RunCommand();
        run.options = options;
        return run.call();
    }

    /**
     * The configured command line for {@code args}: kernel verbs, the installed plugins' verbs, and error
     * handling that prints operator-facing messages, not stack traces.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new QuarryCommand());
        PluginCommands.register(cli, args, cli.getErr());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println("quarry: configuration error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            commandLine.getErr().println("quarry: " + message(e));
            if (System.getenv("QUARRY_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("  (set QUARRY_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.FAILED;
        });
        return cli;
    }

    /** Runs the command line for {@code args} and returns the exit code. */
    public static int execute(String[] args) {
        CommandLine cli = commandLine(args);
        return cli.execute(PluginCommands.argsFor(cli, args));
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Prints the version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionCommand.describe()};
        }
    }

    static String version() {
        return NodeVersion.version();
    }
}
