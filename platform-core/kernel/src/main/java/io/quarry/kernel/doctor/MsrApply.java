package io.quarry.kernel.doctor;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code quarry doctor --apply}: writes XMRig's RandomX MSR preset for this CPU (see {@link MsrPreset}; the
 * register values are those of XMRig's RandomX MSR documentation) to every CPU's register device. It prints
 * each register's old value and what it writes, refuses CPUs it has no preset for, and stops at the first
 * failure. The change lasts until the next reboot.
 */
public final class MsrApply {

    private final HostFiles host;
    private final MsrRegisters registers;
    private final String arch;
    private final Runnable loadModule;

    /**
     * @param host where {@code /proc/cpuinfo} and {@code /dev/cpu} are read
     * @param registers the register devices
     * @param arch the JVM's {@code os.arch}
     * @param loadModule tries to load the {@code msr} module (on a real host, {@code modprobe msr})
     */
    public MsrApply(HostFiles host, MsrRegisters registers, String arch, Runnable loadModule) {
        this.host = host;
        this.registers = registers;
        this.arch = arch;
        this.loadModule = loadModule;
    }

    /** This host, through {@code /dev/cpu/N/msr}, loading the module with {@code modprobe msr} when needed. */
    public static MsrApply system() {
        return new MsrApply(HostFiles.SYSTEM, new MsrDeviceFiles(HostFiles.SYSTEM), System.getProperty("os.arch"),
                MsrApply::modprobe);
    }

    /** Applies the preset, printing one line per step on {@code out}; true when every register was written. */
    public boolean apply(PrintStream out) {
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            out.println("msr apply: refused, the MSR preset is for x86_64 and this is " + arch);
            return false;
        }
        String cpuinfo = host.read("/proc/cpuinfo").orElse("");
        Optional<MsrPreset> preset = MsrPreset.detect(cpuinfo);
        if (preset.isEmpty()) {
            out.println("msr apply: refused, no RandomX MSR preset for this CPU (" + MsrPreset.describe(cpuinfo)
                    + "); only Intel, AMD Zen1/Zen2 and Zen3 have one");
            return false;
        }
        try {
            List<Integer> cpus = registers.cpus();
            if (cpus.isEmpty()) {
                out.println("msr apply: /dev/cpu/*/msr is missing, trying: modprobe msr");
                loadModule.run();
                cpus = registers.cpus();
            }
            if (cpus.isEmpty()) {
                out.println("msr apply: failed, the msr module is not available (no /dev/cpu/*/msr)");
                return false;
            }
            out.println("msr apply: preset \"" + preset.get().name() + "\" on " + cpus.size() + " cpus");
            for (int cpu : cpus) {
                for (MsrPreset.Write write : preset.get().writes()) {
                    long old = registers.read(cpu, write.register());
                    long value = write.over(old);
                    out.printf("cpu %d register 0x%x: was 0x%x, writing 0x%x%n", cpu, write.register(), old, value);
                    registers.write(cpu, write.register(), value);
                }
            }
            out.println("msr apply: done; the values last until the next reboot");
            return true;
        } catch (IOException | RuntimeException e) {
            out.println("msr apply: failed (needs root and the msr module): " + e.getMessage());
            return false;
        }
    }

    private static void modprobe() {
        try {
            Process process = new ProcessBuilder("modprobe", "msr").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor();
        } catch (IOException e) {
            // modprobe is absent: the caller reports the module as not available
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
