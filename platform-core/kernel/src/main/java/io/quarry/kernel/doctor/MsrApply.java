package io.quarry.kernel.doctor;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code quarry doctor --apply}: writes XMRig's RandomX MSR preset for this CPU (see {@link MsrPreset}; the
 * register values are those of XMRig's RandomX MSR documentation) to every CPU's register device. It prints
 * each register's old value and what it writes and refuses CPUs it has no preset for. It reads every register
 * of every CPU before writing any, and when a write fails it writes the old values back to the registers it
 * already changed, so no CPU is left half-configured. The change lasts until the next reboot.
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
            List<MsrPreset.Write> writes = preset.get().writes();
            // Every register of every CPU is read before anything is written, so a read failure changes nothing.
            long[][] old = new long[cpus.size()][writes.size()];
            for (int c = 0; c < cpus.size(); c++) {
                for (int w = 0; w < writes.size(); w++) {
                    old[c][w] = registers.read(cpus.get(c), writes.get(w).register());
                }
            }
            return write(out, cpus, writes, old);
        } catch (IOException | RuntimeException e) {
            out.println("msr apply: failed (needs root and the msr module): " + e.getMessage());
            return false;
        }
    }

    /** Writes the preset; on a failure writes the old values back to every register already changed. */
    private boolean write(PrintStream out, List<Integer> cpus, List<MsrPreset.Write> writes, long[][] old) {
        int done = 0;
        try {
            for (int c = 0; c < cpus.size(); c++) {
                for (int w = 0; w < writes.size(); w++) {
                    MsrPreset.Write write = writes.get(w);
                    long value = write.over(old[c][w]);
                    out.printf("cpu %d register 0x%x: was 0x%x, writing 0x%x%n", cpus.get(c), write.register(), old[c][w], value);
                    registers.write(cpus.get(c), write.register(), value);
                    done++;
                }
            }
            out.println("msr apply: done; the values last until the next reboot");
            return true;
        } catch (IOException | RuntimeException e) {
            out.println("msr apply: failed (needs root and the msr module): " + e.getMessage());
            restore(out, cpus, writes, old, done);
            return false;
        }
    }

    /** Writes back, newest first, the old values of the first {@code done} writes. */
    private void restore(PrintStream out, List<Integer> cpus, List<MsrPreset.Write> writes, long[][] old, int done) {
        int failed = 0;
        for (int i = done - 1; i >= 0; i--) {
            int c = i / writes.size();
            int w = i % writes.size();
            long register = writes.get(w).register();
            try {
                registers.write(cpus.get(c), register, old[c][w]);
                out.printf("cpu %d register 0x%x: restored 0x%x%n", cpus.get(c), register, old[c][w]);
            } catch (IOException | RuntimeException e) {
                failed++;
                out.printf("cpu %d register 0x%x: could not restore 0x%x: %s%n", cpus.get(c), register, old[c][w],
                        e.getMessage());
            }
        }
        if (done > 0) {
            out.println(failed == 0 ? "msr apply: every register changed was restored"
                    : "msr apply: " + failed + " registers could not be restored; they keep the preset until the next reboot");
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
