package io.quarry.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help with an example on every verb, shell completion, and --json on the verbs that print state. */
class CliComfortTest {

    @TempDir
    Path dir;

    private static List<CommandLine> allVerbs(CommandLine cli) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                out.add(sub);
                out.addAll(allVerbs(sub));
            }
        }
        return out;
    }

    private static String stdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = QuarryCommand.commandLine(args);
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The JSON document a verb printed (the test logging configuration also writes to standard output). */
    private static String jsonOut(String... args) {
        String printed = stdout(args);
        int start = printed.lines().filter(l -> l.startsWith("{") || l.startsWith("[")).findFirst()
                .map(printed::indexOf).orElseThrow(() -> new AssertionError("no JSON in:\n" + printed));
        return printed.substring(start);
    }

    @Test
    void everyKernelVerbsHelpShowsAnExample() {
        List<CommandLine> verbs = allVerbs(QuarryCommand.commandLine(new String[] {"version"}));
        assertThat(verbs).extracting(CommandLine::getCommandName)
                .contains("run", "init", "config", "show", "check", "plugins", "list", "identity", "backup", "restore",
                        "version", "doctor", "completion");
        assertThat(verbs).allSatisfy(verb -> assertThat(verb.getUsageMessage())
                .as(verb.getCommandSpec().qualifiedName()).containsPattern("Examples?:\\s+(source <\\()?quarry "));
    }

    @Test
    void completionScriptsCoverEveryVerb() {
        String bash = stdout("completion", "bash");
        assertThat(bash).contains("complete -F").contains("doctor").contains("backup").contains("--data-dir");
        assertThat(stdout("completion", "zsh")).startsWith("#compdef quarry").contains("bashcompinit");
    }

    @Test
    void verbsThatPrintStatePrintJsonOnRequest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String data = dir.resolve("data").toString();
        JsonNode init = json.readTree(jsonOut("init", "--data-dir", data, "--json"));
        assertThat(init.path("nodeId").asText()).matches("[0-9a-f]{64}");
        assertThat(json.readTree(jsonOut("identity", "show", "--data-dir", data, "--json")).path("nodeId").asText())
                .isEqualTo(init.path("nodeId").asText());
        assertThat(json.readTree(jsonOut("version", "--json")).path("runtime").asText()).startsWith("Java ");
        JsonNode config = json.readTree(jsonOut("config", "show", "--data-dir", data, "--json"));
        assertThat(config.isArray()).isTrue();
        assertThat(config.findValuesAsText("key")).contains("http.listen", "http.header_timeout_secs");
    }
}
