package io.quarry.kernel.doctor;

import java.util.List;
import java.util.Optional;

/**
 * The register values XMRig writes for RandomX on one CPU family, as XMRig's RandomX MSR documentation and its
 * published presets list them ("intel", "ryzen_17h" for Zen1/Zen2, "ryzen_19h" for Zen3). Zen4, Zen5 and other
 * CPUs have no preset here and are refused.
 *
 * @param name the preset's name as XMRig spells it
 * @param writes the registers to set, in order
 */
record MsrPreset(String name, List<Write> writes) {

    /** Every bit of the register comes from the preset. */
    static final long ALL_BITS = -1L;

    /**
     * One register to set: the bits in {@code mask} come from {@code value}, the others keep the register's
     * current value.
     */
    record Write(long register, long value, long mask) {

        /** The value to write over {@code old}. */
        long over(long old) {
            return (value & mask) | (old & ~mask);
        }
    }

    static final MsrPreset INTEL = new MsrPreset("intel", List.of(new Write(0x1a4, 0xf, ALL_BITS)));

    static final MsrPreset RYZEN_17H = new MsrPreset("ryzen_17h", List.of(
            new Write(0xc0011020L, 0L, ALL_BITS),
            new Write(0xc0011021L, 0x40L, ~0x20L),
            new Write(0xc0011022L, 0x1510000L, ALL_BITS),
            new Write(0xc001102bL, 0x2000cc16L, ALL_BITS)));

    static final MsrPreset RYZEN_19H = new MsrPreset("ryzen_19h", List.of(
            new Write(0xc0011020L, 0x0004480000000000L, ALL_BITS),
            new Write(0xc0011021L, 0x001c000200000040L, ~0x20L),
            new Write(0xc0011022L, 0xc000000401570000L, ALL_BITS),
            new Write(0xc001102bL, 0x2000cc10L, ALL_BITS)));

    /** The preset for the first CPU that {@code /proc/cpuinfo} describes, if there is one. */
    static Optional<MsrPreset> detect(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id").orElse("");
        Optional<Integer> family = field(cpuinfo, "cpu family").flatMap(MsrPreset::number);
        Optional<Integer> model = field(cpuinfo, "model").flatMap(MsrPreset::number);
        if (vendor.equals("GenuineIntel")) {
            return Optional.of(INTEL);
        }
        if (!vendor.equals("AuthenticAMD") || family.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        if (family.get() == 0x17) {
            return Optional.of(RYZEN_17H);
        }
        int m = model.get();
        boolean zen4 = (m >= 0x10 && m <= 0x1f) || (m >= 0x60 && m <= 0x7f) || (m >= 0xa0 && m <= 0xaf);
        return family.get() == 0x19 && !zen4 ? Optional.of(RYZEN_19H) : Optional.empty();
    }

    /** A short description of the CPU for the refusal line. */
    static String describe(String cpuinfo) {
        return field(cpuinfo, "vendor_id").orElse("unknown vendor") + " family "
                + field(cpuinfo, "cpu family").orElse("?") + " model " + field(cpuinfo, "model").orElse("?");
    }

    private static Optional<String> field(String cpuinfo, String key) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith(key) && l.substring(key.length()).trim().startsWith(":"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst();
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
