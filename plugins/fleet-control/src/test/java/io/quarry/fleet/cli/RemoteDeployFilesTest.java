package io.quarry.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteDeployFilesTest {

    @Test
    void readingTheBundleDirectoryReportsItsProgressOnStandardErrorEndingWithAFinalLine(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("a.toml"), "1234");
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/run"), "123456");
        StringWriter err = new StringWriter();

        List<Map<String, Object>> files = RemoteCommand.Deploy.files(dir, new PrintWriter(err));

        assertThat(files).extracting(f -> f.get("path")).containsExactly("a.toml", "bin/run");
        assertThat(err.toString()).contains("bundle files read 100% 10 B/10 B").contains(" done");
    }
}
