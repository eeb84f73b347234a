package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Debian package {@code mvn package} builds: what it holds, read back from the .deb itself, and (in CI, as
 * root, on a machine without Quarry installed) that it installs, runs as the service user and purges cleanly.
 */
@Tag("process")
class DebPackageIT {

    private static final Path TARGET = Path.of(System.getProperty("quarry.jar", "target/quarry.jar"))
            .toAbsolutePath().getParent();
    private static final Path REPO = Path.of(System.getProperty("quarry.repo", "..")).toAbsolutePath().normalize();

    private static Path deb;
    private static Map<String, Entry> control;
    private static Map<String, Entry> data;

    /** One archive member: mode, link target, and the bytes of small files. */
    private record Entry(int mode, String linkTarget, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void readPackage() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("quarry_.+_amd64\\.deb")).toList();
            assertThat(debs).as("one .deb in %s", TARGET).hasSize(1);
            deb = debs.getFirst();
        }
        Map<String, byte[]> members = new HashMap<>();
        try (ArArchiveInputStream ar = new ArArchiveInputStream(Files.newInputStream(deb))) {
            for (ArArchiveEntry entry; (entry = ar.getNextEntry()) != null; ) {
                members.put(entry.getName(), ar.readAllBytes());
            }
        }
        assertThat(new String(members.get("debian-binary"), StandardCharsets.US_ASCII)).isEqualTo("2.0\n");
        control = tar(member(members, "control.tar"));
        data = tar(member(members, "data.tar"));
    }

    @Test
    void controlNamesThePackageAndItsNeeds() {
        String fields = control.get("./control").text();

        assertThat(fields).contains("Package: quarry\n", "Architecture: amd64\n", "Depends: adduser\n")
                .doesNotContain("Recommends: librandomx0").containsPattern("(?m)^Version: 0\\.1\\.0~\\S+$")
                .containsPattern("(?m)^Installed-Size: \\d+$").contains("its own Java runtime");
        assertThat(control.get("./conffiles").text().strip()).isEqualTo("/etc/quarry/quarry.toml");
        for (String script : List.of("./postinst", "./prerm", "./postrm")) {
            assertThat(control.get(script).mode() & 0777).as(script).isEqualTo(0755);
            assertThat(control.get(script).text()).as(script).startsWith("#!/bin/sh\n").contains("set -e");
        }
        assertThat(control.get("./md5sums").text()).contains("opt/quarry/bin/quarry");
    }

    @Test
    void dataHoldsTheDistTreeTheLauncherLinkTheConfigAndTheService() throws IOException {
        assertThat(data.get("./opt/quarry/bin/quarry").mode() & 0777).isEqualTo(0755);
        // The jlink runtime, runnable.
        assertThat(data.get("./opt/quarry/runtime/bin/java").mode() & 0777).isEqualTo(0755);
        assertThat(data.get("./opt/quarry/runtime/release").text()).contains("jdk.incubator.vector");
        assertThat(data.get("./usr/bin/quarry").linkTarget()).isEqualTo("/opt/quarry/bin/quarry");
        assertThat(data.keySet()).anyMatch(n -> n.matches("\\./opt/quarry/lib/quarry-kernel-.+\\.jar"))
                .anyMatch(n -> n.matches("\\./opt/quarry/lib/netty-tcnative-boringssl-static-.+-linux-x86_64\\.jar"));
        assertThat(data.keySet().stream().filter(n -> n.matches("\\./opt/quarry/plugins/quarry-plugin-.+\\.zip")))
                .hasSize(5);
        // The conffile sets only what differs from the defaults; the full reference ships beside the program.
        assertThat(data.get("./etc/quarry/quarry.toml").bytes())
                .isEqualTo(Files.readAllBytes(REPO.resolve("packaging/src/deb/quarry.toml")));
        assertThat(data.get("./etc/quarry/quarry.toml").text()).contains("data_dir = \"/var/lib/quarry\"");
        assertThat(data.get("./opt/quarry/config/quarry.example.toml").bytes())
                .isEqualTo(Files.readAllBytes(REPO.resolve("config/quarry.example.toml")));
        String unit = data.get("./lib/systemd/system/quarry.service").text();
        assertThat(unit).contains("ExecStart=/opt/quarry/bin/quarry run --data-dir /var/lib/quarry",
                "Environment=QUARRY_CONFIG=/etc/quarry/quarry.toml", "User=quarry", "ReadWritePaths=/var/lib/quarry");
        // Nothing in the package is writable by anyone but root.
        assertThat(data.entrySet().stream().filter(e -> (e.getValue().mode() & 0022) != 0 && e.getValue().linkTarget() == null))
                .isEmpty();
    }

    @Test
    void installsRunsAsTheServiceUserAndPurgesWithoutATrace() throws Exception {
        assumeTrue("true".equals(System.getenv("CI")), "installs a system package: CI only");
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "needs dpkg");
        // Never touch an installation someone made on purpose.
        assumeFalse(run("dpkg-query", "-W", "-f=${Status}", "quarry").output().contains("ok installed"),
                "a quarry package is installed here already");
        try {
            Result install = run("dpkg", "-i", deb.toString());
            assertThat(install.exitCode()).as(install.output()).isZero();

            assertThat(run("getent", "passwd", "quarry").exitCode()).isZero();
            PosixFileAttributes dataDir = Files.readAttributes(Path.of("/var/lib/quarry"), PosixFileAttributes.class);
            assertThat(dataDir.owner().getName()).isEqualTo("quarry");
            assertThat(PosixFilePermissions.toString(dataDir.permissions())).isEqualTo("rwx------");
            PosixFileAttributes config = Files.readAttributes(Path.of("/etc/quarry/quarry.toml"),
                    PosixFileAttributes.class);
            assertThat(config.group().getName()).isEqualTo("quarry");
            assertThat(PosixFilePermissions.toString(config.permissions())).isEqualTo("rw-r-----");

            // As the service runs it: the service user, the installed config, the data directory.
            // With every JDK of the host hidden: the package runs on the runtime it carries.
            HiddenPaths.assumeAvailable();
            Path work = Files.createTempDirectory("quarry-deb-it");
            HiddenPaths.Result hidden = HiddenPaths.run(work, List.of(Path.of("/usr/lib/jvm")), List.of("runuser", "-u",
                    "quarry", "--", "env", "-u", "JAVA_HOME", "QUARRY_CONFIG=/etc/quarry/quarry.toml",
                    "/usr/bin/quarry", "plugins", "list", "--data-dir", "/var/lib/quarry"));
            Result asService = new Result(hidden.exitCode(), hidden.stdout() + hidden.stderr());
            assertThat(asService.exitCode()).as(asService.output()).isZero();
            assertThat(asService.output()).contains("poies-miner", "randomx-cluster", "DISABLED");

            // As `systemctl enable quarry` would (there is no systemd here): purge must not leave it enabled.
            Path wants = Path.of("/etc/systemd/system/multi-user.target.wants/quarry.service");
            Files.createDirectories(wants.getParent());
            Files.createSymbolicLink(wants, Path.of("/lib/systemd/system/quarry.service"));
        } finally {
            Result purge = run("dpkg", "--purge", "quarry");
            assertThat(purge.exitCode()).as(purge.output()).isZero();
        }
        assertThat(Path.of("/opt/quarry")).doesNotExist();
        assertThat(Path.of("/usr/bin/quarry")).doesNotExist();
        assertThat(Path.of("/var/lib/quarry")).doesNotExist();
        assertThat(Path.of("/etc/quarry/quarry.toml")).doesNotExist();
        assertThat(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/quarry.service"),
                LinkOption.NOFOLLOW_LINKS)).as("the enable link").isFalse();
        assertThat(run("getent", "passwd", "quarry").exitCode()).isNotZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The ar member whose name starts with {@code prefix} (control.tar.gz, data.tar.xz, ...), decompressed. */
    private static InputStream member(Map<String, byte[]> members, String prefix) throws Exception {
        String name = members.keySet().stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
        return new CompressorStreamFactory().createCompressorInputStream(
                new BufferedInputStream(new ByteArrayInputStream(members.get(name))));
    }

    private static Map<String, Entry> tar(InputStream in) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                // Jars and zips are only listed; text files are small enough to keep.
                byte[] bytes = entry.isFile() && entry.getSize() < 1 << 20 ? tar.readAllBytes() : new byte[0];
                entries.put(entry.getName(), new Entry(entry.getMode(), entry.isSymbolicLink() ? entry.getLinkName()
                        : null, bytes));
            }
        }
        return entries;
    }
}
