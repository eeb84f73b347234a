package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as if some files or folders of the host were not there: in a private mount namespace
 * ({@code unshare -m}), each hidden file has {@code /dev/null} bind-mounted over it and each hidden folder an
 * empty folder. The host itself is untouched. Needs root (CI runs as root); elsewhere the test is skipped.
 */
final class HiddenPaths {

    private HiddenPaths() {
    }

    /** Skips the test where mount namespaces are not available, except in CI, where it fails. */
    static void assumeAvailable() throws Exception {
        boolean available = ProcessHandle.current().info().user().map("root"::equals).orElse(false)
                && new ProcessBuilder("unshare", "-m", "--propagation", "private", "true").start().waitFor() == 0;
        if (!available) {
            assertThat(System.getenv("CI")).as("CI runs as root and must run this test").isNull();
            assumeTrue(false, "needs root and unshare -m");
        }
    }

    /** The result of a command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} in {@code workDir} with {@code hidden} paths hidden; at most 120 s. */
    static Result run(Path workDir, List<Path> hidden, List<String> command) throws Exception {
        Path empty = Files.createDirectories(workDir.resolve("empty"));
        StringBuilder script = new StringBuilder("set -e\n");
        for (Path path : hidden) {
            String over = Files.isDirectory(path) ? empty.toString() : "/dev/null";
            script.append("mount --bind '").append(over).append("' '").append(path).append("'\n");
        }
        script.append("exec \"$@\"\n");
        List<String> full = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                script.toString(), "hidden"));
        full.addAll(command);
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
