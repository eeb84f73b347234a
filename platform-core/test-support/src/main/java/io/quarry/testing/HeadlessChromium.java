package io.quarry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a page of the node's dashboard in Debian's headless Chromium and returns the DOM after its scripts
 * ran: the browser tests of the dashboard and the plugins' panels read what a person would see. Chromium is
 * installed by {@code scripts/install-test-deps.sh}; {@link #find()} is empty where it is not.
 */
public final class HeadlessChromium {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private HeadlessChromium() {
    }

    /** The browser: {@code $QUARRY_CHROMIUM}, else the usual Debian paths. */
    public static Optional<Path> find() {
        String configured = System.getenv("QUARRY_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * Whether a test must have the browser: in CI ({@code CI=true}) a missing Chromium is a failure, not a
     * skip, so the browser tests can never silently stop running there.
     */
    public static boolean required() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Loads {@code page} and returns the serialized DOM once the page's timers have had {@code budget} of
     * (virtual) time: a dashboard that polls every 2 s has polled a few times by then.
     *
     * @throws IllegalStateException when Chromium is missing, fails or takes more than a minute
     */
    public static String dumpDom(URI page, Duration budget) {
        Path browser = find().orElseThrow(() -> new IllegalStateException(
                "Chromium not found: run scripts/install-test-deps.sh as root (apt-get install chromium)"));
        Path profile = null;
        Path output = null;
        Process process = null;
        try {
            profile = Files.createTempDirectory("quarry-chromium-");
            // The DOM goes to a file, not a pipe, so the timeout below holds even if Chromium hangs with its
            // output open.
            output = Files.createTempFile("quarry-chromium-", ".html");
            List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + budget.toMillis(), "--dump-dom",
                    page.toString()));
            process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Chromium did not finish rendering " + page + " within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " on " + page);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + browser + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + page, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            deleteQuietly(profile);
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover profile in the temp directory is harmless
        }
    }
}
