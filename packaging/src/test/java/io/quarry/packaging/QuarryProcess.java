package io.quarry.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real quarry.jar run in a child JVM, with its output kept in files for assertions. */
final class QuarryProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("quarry.jar", "target/quarry.jar")).toAbsolutePath();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private QuarryProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code java -jar quarry.jar args...} in {@code workDir}. */
    static QuarryProcess start(Path workDir, Map<String, String> env, String... args) {
        return start(List.of(), workDir, env, args);
    }

    /**
     * Starts it inside the network namespace {@code netns} ({@code ip netns exec}, which execs the JVM, so
     * {@link #kill()} is a SIGKILL of the JVM itself). Needs root.
     */
    static QuarryProcess startInNetns(String netns, Path workDir, String... args) {
        return start(List.of("ip", "netns", "exec", netns), workDir, Map.of(), args);
    }

    private static QuarryProcess start(List<String> launcher, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        // As the launchers start it: the PoIES scanner's SIMD kernel needs the Vector API module.
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("QUARRY_CONFIG");
            builder.environment().putAll(env);
            return new QuarryProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a verb to completion (at most 60 s) and returns it. */
    static QuarryProcess run(Path workDir, String... args) throws InterruptedException {
        QuarryProcess p = start(workDir, Map.of(), args);
        if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            throw new AssertionError("quarry " + String.join(" ", args) + " did not finish in 60 s");
        }
        return p;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code url} until it answers 200 or the timeout passes; returns the body or null. */
    String awaitOk(URI url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return r.body();
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        }
        return null;
    }

    /** kill -9: SIGKILL, no shutdown hooks run; waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Sends SIGTERM and waits; returns the exit code, or -1 if it did not exit in time. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
