package io.quarry.subnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.subnet.MinerFixtures;
import io.quarry.subnet.crypto.Ss58;
import io.quarry.subnet.wallet.WalletFiles;
import io.quarry.testkit.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quarry subnet wallet new | call | status}, run in process. */
class SubnetCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new SubnetCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return new Run(cli.execute(args), out.toString(), err.toString());
        }
    }

    @Test
    void walletNewWritesAnOwnerOnlyHotkeyFileAndNeverOverwrites() throws Exception {
        String wallets = dir.resolve("wallets").toString();
        Run run = Run.of("wallet", "new", "--wallet-path", wallets, "--name", "v", "--hotkey", "h");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path file = dir.resolve("wallets/v/hotkeys/h");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String address = run.out().split(" ")[0];
        assertThat(Ss58.decode(address).prefix()).isEqualTo(42);
        assertThat(WalletFiles.load(file).ss58()).isEqualTo(address);

        Run again = Run.of("wallet", "new", "--wallet-path", wallets, "--name", "v", "--hotkey", "h");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(WalletFiles.load(file).ss58()).isEqualTo(address);
    }

    @Test
    void statusShowsTheHotkeysFiguresFromTheMetagraph() throws Exception {
        MinerFixtures.write(dir);
        Run run = Run.of("status", "--wallet-path", dir.resolve("wallets").toString(), "--metagraph",
                dir.resolve("metagraph.json").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("hotkey:    " + MinerFixtures.address(MinerFixtures.MINER), "netuid:    7",
                "uid:       0", "stake:     0.0", "incentive: 0.25", "emission:  1.5");

        Run stranger = Run.of("status", "--ss58", MinerFixtures.address(MinerFixtures.STRANGER), "--metagraph",
                dir.resolve("metagraph.json").toString());
        assertThat(stranger.exitCode()).isEqualTo(1);
        assertThat(stranger.out()).contains("not registered");
    }

    @Test
    void callSignsARequestTheMinerAccepts() throws Exception {
        MinerFixtures.write(dir);
        WalletFiles.write(WalletFiles.hotkeyFile(dir.resolve("validators"), "v", "h"),
                MinerFixtures.hotkey(MinerFixtures.VALIDATOR));
        WalletFiles.write(WalletFiles.hotkeyFile(dir.resolve("validators"), "s", "h"),
                MinerFixtures.hotkey(MinerFixtures.STRANGER));
        try (TestNode node = MinerFixtures.minerNode(dir, Map.of())) {
            String listen = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(node.get("/api/v1/subnet-miner/stats").body()).at("/extra/listen").asText();
            List<String> wallet = List.of("--wallet-path", dir.resolve("validators").toString(), "--hotkey", "h");
            Run echo = Run.of(concat(List.of("call", "http://" + listen + "/echo", "--name", "v", "--data",
                    "{\"text\":\"hello\"}", "--signed-for", MinerFixtures.address(MinerFixtures.MINER)), wallet));
            assertThat(echo.exitCode()).as(echo.out() + echo.err()).isZero();
            assertThat(echo.out()).startsWith("200 ").contains("\"echo\":\"hello\"")
                    .contains(MinerFixtures.address(MinerFixtures.VALIDATOR));

            Run invalid = Run.of(concat(List.of("call", "http://" + listen + "/echo", "--name", "v", "--data",
                    "{\"text\":\"\"}"), wallet));
            assertThat(invalid.exitCode()).isEqualTo(1);
            assertThat(invalid.out()).startsWith("400 ").contains("Missing text");

            Run stranger = Run.of(concat(List.of("call", "http://" + listen + "/cvm", "--name", "s"), wallet));
            assertThat(stranger.exitCode()).isEqualTo(1);
            assertThat(stranger.out()).startsWith("403 ");
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
