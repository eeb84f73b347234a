package io.quarry.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCheckTest {

    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cli = QuarryCommand.commandLine(args);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void anUnknownEnabledPluginIsNamedAndNothingIsWritten() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("quarry.toml"), """
                [node]
                data_dir = "%s"
                [plugins]
                enabled = ["poies-minr"]
                """.formatted(data));
        StringWriter err = new StringWriter();

        int code = run(err, "config", "check", config.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("plugins.enabled").contains("not installed: poies-minr")
                .contains("installed plugins:");
        assertThat(data).doesNotExist();
    }

    @Test
    void aDeeplyNestedSetValueIsAConfigurationErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        int code = run(err, "config", "check", "--data-dir", dir.resolve("d").toString(), "--set",
                "node.name=" + "[".repeat(1000) + "]".repeat(1000));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("configuration error").contains("levels deep");
    }
}
