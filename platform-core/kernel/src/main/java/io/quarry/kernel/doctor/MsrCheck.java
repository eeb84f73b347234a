package io.quarry.kernel.doctor;

import java.nio.file.Files;

/**
 * The model-specific-register tweak XMRig applies for RandomX (turning off hardware prefetchers that fight
 * the algorithm's random reads; XMRig's documentation reports roughly 10-15% more hashrate). It needs the
 * {@code msr} kernel module and root. The check only reports whether it could be applied; only
 * {@code quarry doctor --apply} ({@link MsrApply}) writes a register.
 */
final class MsrCheck {

    private MsrCheck() {
    }

    static Finding check(HostFiles host, boolean randomx) {
        String gain = "XMRig reports about 10-15% more RandomX hashrate with its MSR preset";
        if (Files.exists(host.path("/dev/cpu/0/msr"))) {
            if (Files.isWritable(host.path("/dev/cpu/0/msr"))) {
                return Finding.ok("msr", "the msr module is loaded and writable here; " + gain);
            }
            return randomx ? Finding.warn("msr", "the msr module is loaded but /dev/cpu/0/msr is not writable by this "
                    + "user (root only); " + gain) : Finding.ok("msr", "loaded, not writable by this user (optional)");
        }
        String hint = "load it with: sudo modprobe msr";
        return randomx ? Finding.warn("msr", "the msr module is not loaded; " + hint + " (" + gain + ")")
                : Finding.ok("msr", "not loaded (optional; only RandomX gains from it)");
    }
}
