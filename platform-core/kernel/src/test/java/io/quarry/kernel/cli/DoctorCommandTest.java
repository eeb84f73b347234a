package io.quarry.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void aTakenPortMakesTheDoctorFailNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("quarry.toml"), """
                    [node]
                    data_dir = "%s"
                    [http]
                    listen = "127.0.0.1:%d"
                    [transport]
                    listen = "127.0.0.1:0"
                    """.formatted(dir.resolve("data"), taken.getLocalPort()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream saved = System.out;
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                String[] args = {"doctor", "--config", config.toString()};
                CommandLine cli = QuarryCommand.commandLine(args);
                cli.setErr(new PrintWriter(new StringWriter(), true));
                code = cli.execute(args);
            } finally {
                System.setOut(saved);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed).isEqualTo(ExitCodes.FAILED);
            assertThat(printed).containsPattern("(?m)^FAIL  port +http\\.listen = 127\\.0\\.0\\.1:" + taken.getLocalPort())
                    .containsPattern("(?m)^OK    java ")
                    .contains("doctor: 1 problem to fix");
            assertThat(dir.resolve("data")).doesNotExist();
        }
    }
}
