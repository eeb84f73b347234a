package io.quarry.kernel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.kernel.config.ConfigEntry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

    @TempDir
    Path dir;

    /** A host folder with /proc/meminfo and /proc/self/limits as given. */
    private HostFiles host(String meminfo, long openFiles) throws Exception {
        Path proc = Files.createDirectories(dir.resolve("host/proc/self"));
        Files.writeString(dir.resolve("host/proc/meminfo"), meminfo);
        Files.writeString(proc.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            " + openFiles + "                 " + openFiles + "                 files\n");
        return new HostFiles(dir.resolve("host"));
    }

    private static final String NO_HUGE_PAGES = "MemTotal: 16000000 kB\nHugePages_Total:       0\nHugePages_Free:        0\n"
            + "Hugepagesize:       2048 kB\n";

    private Doctor doctor(HostFiles host, List<ConfigEntry> entries, Set<String> enabled) {
        return new Doctor(host, entries, enabled, dir.resolve("data"), Optional.empty());
    }

    private static Finding find(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void withNoHugePagesItNamesTheSysctlForTheEnabledRandomxThreads() throws Exception {
        List<Finding> findings = doctor(host(NO_HUGE_PAGES, 65536), List.of(
                new ConfigEntry("randomx-cluster.threads", 6, "file"),
                new ConfigEntry("randomx-cluster.mode", "fast", "file")), Set.of("randomx-cluster")).run();

        Finding huge = find(findings, "huge pages");
        assertThat(huge.status()).isEqualTo(Finding.Status.WARN);
        // 1040 dataset + 128 cache + 6 scratchpads, 2 MiB pages each.
        assertThat(huge.detail()).contains("1174 needed").contains("sudo sysctl -w vm.nr_hugepages=1174")
                .contains("6 threads, mode fast");
        assertThat(HugePages.pagesNeeded("light", 2)).isEqualTo(130);
    }

    @Test
    void enoughFreeHugePagesAreOk() throws Exception {
        String meminfo = "HugePages_Total:    1300\nHugePages_Free:     1200\nHugepagesize:       2048 kB\n";
        List<Finding> findings = doctor(host(meminfo, 65536), List.of(new ConfigEntry("randomx-cluster.threads", 2, "file")),
                Set.of("randomx-cluster")).run();
        assertThat(find(findings, "huge pages").status()).isEqualTo(Finding.Status.OK);
    }

    @Test
    void aTakenPortFailsNamingItsKeyAndAFreeOneIsOk() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            List<Finding> findings = doctor(host(NO_HUGE_PAGES, 65536), List.of(
                    new ConfigEntry("http.listen", address, "file"),
                    new ConfigEntry("transport.listen", "127.0.0.1:0", "default"),
                    new ConfigEntry("poies-miner.stratum_listen", address, "file")), Set.of()).run();

            List<Finding> ports = findings.stream().filter(f -> f.check().equals("port")).toList();
            assertThat(ports.get(0).status()).isEqualTo(Finding.Status.FAIL);
            assertThat(ports.get(0).detail()).startsWith("http.listen = " + address).contains("set another port in http.listen");
            assertThat(ports.get(1).status()).isEqualTo(Finding.Status.OK);
            // The plugin is not enabled: its listener is never opened, so it is not checked.
            assertThat(ports).hasSize(2);
        }
    }

    @Test
    void aLowOpenFileLimitIsNamedWithTheValueToSet() throws Exception {
        List<Finding> findings = doctor(host(NO_HUGE_PAGES, 1024), List.of(
                new ConfigEntry("http.max_connections", 1024, "default"),
                new ConfigEntry("transport.max_connections", 1024, "default")), Set.of()).run();
        Finding files = find(findings, "open files");
        assertThat(files.status()).isEqualTo(Finding.Status.WARN);
        assertThat(files.detail()).contains("ulimit -n 2560").contains("LimitNOFILE=2560");
    }

    @Test
    void aMissingMsrModuleIsAWarningThatSaysWhatItWouldGain() throws Exception {
        Finding msr = find(doctor(host(NO_HUGE_PAGES, 65536), List.of(), Set.of("randomx-cluster")).run(), "msr");
        assertThat(msr.status()).isEqualTo(Finding.Status.WARN);
        assertThat(msr.detail()).contains("sudo modprobe msr").contains("hashrate");
    }

    @Test
    void nativeLibrariesOfEnabledPluginsAreChecked() throws Exception {
        List<Finding> natives = doctor(host(NO_HUGE_PAGES, 65536), List.of(), Set.of("randomx-cluster")).run()
                .stream().filter(f -> f.check().equals("native library")).toList();
        assertThat(natives).anySatisfy(f -> assertThat(f.detail()).startsWith("librandomx.so.0 loads"));
        assertThat(natives).allSatisfy(f -> assertThat(f.status()).isEqualTo(Finding.Status.OK));
    }

    @Test
    void theClockIsMeasuredAgainstAnNtpServer() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread responder = Thread.ofVirtual().start(() -> {
                try {
                    byte[] buf = new byte[48];
                    DatagramPacket request = new DatagramPacket(buf, buf.length);
                    server.receive(request);
                    // A server five seconds ahead of us.
                    long now = Sntp.ntp(System.currentTimeMillis() + 5000);
                    ByteBuffer reply = ByteBuffer.allocate(48);
                    reply.put(0, (byte) 0x24).putLong(32, now).putLong(40, now);
                    server.send(new DatagramPacket(reply.array(), 48, request.getSocketAddress()));
                } catch (Exception e) {
                    // The test fails on the missing answer.
                }
            });
            Doctor doctor = new Doctor(host(NO_HUGE_PAGES, 65536), List.of(), Set.of(), dir,
                    Optional.of((InetSocketAddress) server.getLocalSocketAddress()));
            Finding clock = find(doctor.run(), "clock");
            responder.join();
            assertThat(clock.status()).isEqualTo(Finding.Status.WARN);
            assertThat(clock.detail()).containsPattern("-(49|50|51)\\d\\d ms against 127.0.0.1");
        }
    }

    @Test
    void ntpTimestampsRoundTrip() {
        long millis = 1_765_000_000_123L;
        assertThat(Sntp.millis(Sntp.ntp(millis))).isBetween(millis - 1, millis);
    }
}
