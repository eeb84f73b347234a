package io.quarry.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The storage verbs run the identity verbs of the command line around them, with the operator's options. */
class StorageCommandTest {

    /** Stands in for a kernel verb: records the arguments it was run with and answers {@code exitCode}. */
    @Command(name = "verb")
    static final class Recorder implements Callable<Integer> {
        final List<List<String>> runs = new ArrayList<>();
        final int exitCode;

        @Parameters
        List<String> args = new ArrayList<>();

        Recorder(int exitCode) {
            this.exitCode = exitCode;
        }

        @Override
        public Integer call() {
            runs.add(List.copyOf(args));
            args = new ArrayList<>();
            return exitCode;
        }
    }

    @Command(name = "quarry")
    static final class Root {
    }

    @Command(name = "identity")
    static final class Identity {
    }

    private final Recorder init = new Recorder(0);
    private final Recorder backup = new Recorder(0);
    private final Recorder restore = new Recorder(3);

    private CommandLine quarry() {
        CommandLine identity = new CommandLine(new Identity());
        identity.addSubcommand("backup", new CommandLine(backup).setUnmatchedOptionsArePositionalParams(true));
        identity.addSubcommand("restore", new CommandLine(restore).setUnmatchedOptionsArePositionalParams(true));
        CommandLine root = new CommandLine(new Root());
        root.addSubcommand("init", new CommandLine(init).setUnmatchedOptionsArePositionalParams(true));
        root.addSubcommand("identity", identity);
        root.addSubcommand("storage", new CommandLine(new StorageCommand()));
        return root;
    }

    @Test
    void keypairRunsInitWithTheConfigOptions() {
        int code = quarry().execute("storage", "keypair", "--data-dir", "/srv/q", "--set", "a.b=1", "--json");
        assertThat(code).isZero();
        assertThat(init.runs).containsExactly(List.of("--data-dir", "/srv/q", "--set", "a.b=1", "--json"));
    }

    @Test
    void backupRunsIdentityBackupWithTheOutput() {
        int code = quarry().execute("storage", "backup", "-c", "/etc/q.toml", "-o", "/root/id.tar.gz");
        assertThat(code).isZero();
        assertThat(backup.runs).containsExactly(List.of("--config", "/etc/q.toml", "--output", "/root/id.tar.gz"));
        assertThat(init.runs).isEmpty();
    }

    @Test
    void restoreRunsIdentityRestoreAndReturnsItsExitCode() {
        int code = quarry().execute("storage", "restore", "id.tar.gz", "--force");
        assertThat(code).isEqualTo(3);
        assertThat(restore.runs).containsExactly(List.of("id.tar.gz", "--force"));
    }

    @Test
    void outsideQuarryTheVerbsSayWhatTheyNeed() {
        CommandLine alone = new CommandLine(new StorageCommand());
        StringWriter err = new StringWriter();
        alone.setErr(new PrintWriter(err));
        assertThat(alone.execute("keypair")).isEqualTo(2);
        assertThat(err.toString()).contains("runs 'quarry init'");
    }
}
