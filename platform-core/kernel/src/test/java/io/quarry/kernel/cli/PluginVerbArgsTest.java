package io.quarry.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The node's config options reach a plugin's subcommand only when that subcommand declares them itself. */
class PluginVerbArgsTest {

    @Command(name = "hash")
    static final class Hash implements Runnable {
        @Option(names = "--key-hex")
        String key;

        @Override
        public void run() {
        }
    }

    @Command(name = "cluster")
    static final class Cluster implements Runnable {
        @Option(names = "--config")
        String config;

        @Override
        public void run() {
        }
    }

    @Command(name = "rx", subcommands = {Hash.class, Cluster.class})
    static final class Verb implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "quarry")
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    private static CommandLine cli() {
        CommandLine root = new CommandLine(new Root());
        root.addSubcommand("rx", new CommandLine(new Verb()));
        return root;
    }

    @Test
    void aSubcommandWithoutConfigOptionsHasThemTakenOutEvenWhenASiblingDeclaresThem() {
        assertThat(PluginCommands.argsFor(cli(), new String[] {"rx", "hash", "--data-dir", "/d", "--key-hex", "ab"}))
                .containsExactly("rx", "hash", "--key-hex", "ab");
    }

    @Test
    void aSubcommandThatDeclaresConfigOptionsKeepsThem() {
        assertThat(PluginCommands.argsFor(cli(), new String[] {"rx", "cluster", "--config", "/q.toml"}))
                .containsExactly("rx", "cluster", "--config", "/q.toml");
    }
}
