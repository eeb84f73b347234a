package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dist/ tree and the launchers' JDK lookup. */
@Tag("process")
class DistTreeIT {

    private static final Path DIST = Path.of(System.getProperty("quarry.dist", "target/dist")).toAbsolutePath();
    private static final Path REPO = Path.of(System.getProperty("quarry.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static Process run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void distHasTheLayoutAndItsLauncherListsThePluginsFromPluginsDir() throws Exception {
        assertThat(DIST.resolve("bin/quarry")).isExecutable();
        assertThat(DIST.resolve("config/quarry.example.toml")).exists();
        try (var zips = Files.list(DIST.resolve("plugins"))) {
            assertThat(zips.filter(p -> p.toString().endsWith(".zip")).count()).isEqualTo(5);
        }
        try (var jars = Files.list(DIST.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("quarry-kernel"));
        }
        Process list = run(dir, DIST.resolve("bin/quarry").toString(), "plugins", "list", "--data-dir", "data",
                "--set", "http.listen=127.0.0.1:1");
        String out = new String(list.getInputStream().readAllBytes());
        assertThat(list.exitValue()).as(out).isZero();
        assertThat(out).contains("storage-miner", "poies-miner", "randomx-cluster", "fleet-control", "subnet-miner")
                .contains("DISABLED");
    }

    @Test
    void theTreeRunsOnItsOwnRuntimeWithEveryJdkOfTheHostHidden() throws Exception {
        assertThat(DIST.resolve("runtime/bin/java")).isExecutable();
        assertThat(Files.readString(DIST.resolve("runtime/release"))).contains("jdk.incubator.vector");
        HiddenPaths.assumeAvailable();
        HiddenPaths.Result version = HiddenPaths.run(dir, java.util.List.of(Path.of("/usr/lib/jvm")),
                java.util.List.of("env", "-u", "JAVA_HOME", "PATH=/usr/bin:/bin", DIST.resolve("bin/quarry").toString(),
                        "version"));
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("quarry ").contains("bundled runtime");
        // The hiding works: no java on the path inside.
        HiddenPaths.Result noJava = HiddenPaths.run(dir, java.util.List.of(Path.of("/usr/lib/jvm")),
                java.util.List.of("sh", "-c", "PATH=/usr/bin:/bin; java -version || echo no-java"));
        assertThat(noJava.stdout() + noJava.stderr()).contains("no-java");
    }

    @Test
    void javaFinderSaysWhatToInstallWhenNoJdkIsNewEnough() throws Exception {
        Process p = run(dir, "bash", "-c", ". '" + REPO.resolve("scripts/find-java.sh") + "'; quarry_find_java 99");
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("no Java runtime >= 99 found").contains("apt-get install").contains("JAVA_HOME");
    }

    @Test
    void javaFinderPrefersJavaHomeAndFindsAJdk21OrNewer() throws Exception {
        Process p = run(dir, "bash", "-c", ". '" + REPO.resolve("scripts/find-java.sh") + "'; quarry_find_java 21 jdk");
        String found = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.exitValue()).isZero();
        assertThat(Path.of(found)).isExecutable();
        Process version = run(dir, found, "-version");
        assertThat(new String(version.getInputStream().readAllBytes())).containsPattern("version \"(2[1-9]|[3-9][0-9])");
    }
}
