package io.quarry.kernel.cli;

import io.quarry.kernel.config.Config;
import io.quarry.api.config.HostPort;
import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.doctor.Doctor;
import io.quarry.kernel.doctor.Finding;
import io.quarry.kernel.doctor.HostFiles;
import io.quarry.kernel.doctor.MsrApply;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quarry doctor}. */
@Command(name = "doctor", description = "Checks this host for what the configuration needs: Java, native "
        + "libraries, huge pages, MSR, ports, data directory, clock, open-file limit. One line each; exits 1 when "
        + "something the node or an enabled plugin needs is missing. Changes nothing unless --apply is given.",
        footer = {"", "Examples:", "  quarry doctor --config /etc/quarry/quarry.toml --ntp 127.0.0.1",
            "  sudo quarry doctor --apply    # also write XMRig's RandomX MSR preset (until reboot)"})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--ntp", paramLabel = "HOST[:PORT]",
            description = "Also measure the clock against this NTP server (port 123 by default).")
    String ntp;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Option(names = "--apply", description = "After the checks, write the RandomX MSR preset for this CPU to "
            + "every /dev/cpu/N/msr (root, x86_64, msr module; loads it with modprobe when absent). Prints each "
            + "old and new value; exits 1 when anything fails or the CPU has no preset.")
    boolean apply;

    @Override
    public Integer call() {
        Config config = options.load();
        KernelConfig kernel = KernelConfig.bind(config);
        List<Finding> findings;
        try (InstalledPlugins plugins = InstalledPlugins.lookOnly(config, options.dataDir(config))) {
            Optional<InetSocketAddress> server = Optional.ofNullable(ntp).map(DoctorCommand::ntpAddress);
            findings = new Doctor(HostFiles.SYSTEM, config.entries(plugins.specs()),
                    new LinkedHashSet<>(kernel.plugins().enabled()), options.dataDir(config), server).run();
        }
        if (json) {
            JsonOutput.print(findings);
        } else {
            findings.forEach(f -> System.out.println(f.line()));
        }
        long failed = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).count();
        long warned = findings.stream().filter(f -> f.status() == Finding.Status.WARN).count();
        if (!json) {
            System.out.println(failed == 0 ? "doctor: nothing missing" + (warned > 0 ? " (" + warned + " warnings)" : "")
                    : "doctor: " + failed + " problem" + (failed == 1 ? "" : "s") + " to fix");
        }
        boolean applied = !apply || MsrApply.system().apply(json ? System.err : System.out);
        return failed == 0 && applied ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static InetSocketAddress ntpAddress(String text) {
        HostPort parsed = HostPort.parse("--ntp", text.contains(":") ? text : text + ":123");
        return new InetSocketAddress(parsed.host(), parsed.port());
    }
}
