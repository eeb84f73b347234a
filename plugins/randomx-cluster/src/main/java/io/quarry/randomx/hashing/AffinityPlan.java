package io.quarry.randomx.hashing;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Which CPU each miner thread is pinned to, if any (proposed key {@code affinity}): {@code ""} or {@code "off"}
 * leaves placement to the OS scheduler; {@code "auto"} pins thread i to CPU i modulo the processor count;
 * {@code "0,2,4"} pins thread i to the i-th listed CPU, cycling. Pinning is best effort: see
 * {@link io.quarry.natives.ThreadAffinity} for what the JVM allows.
 *
 * @param cpus the list, or empty with {@code auto} false for no pinning
 * @param auto pin to CPU i modulo the processor count
 */
public record AffinityPlan(int[] cpus, boolean auto) {

    /** No pinning. */
    public static final AffinityPlan OFF = new AffinityPlan(new int[0], false);
    /** Thread i on CPU i. */
    public static final AffinityPlan AUTO = new AffinityPlan(new int[0], true);

    /** Copies the list. */
    public AffinityPlan {
        cpus = cpus.clone();
    }

    /** Parses {@code ""|off|auto|<cpu>[,<cpu>...]}. */
    public static AffinityPlan parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.equals("off")) {
            return OFF;
        }
        if (text.equals("auto")) {
            return AUTO;
        }
        try {
            int[] cpus = Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(cpus).anyMatch(cpu -> cpu < 0)) {
                throw new NumberFormatException("negative CPU");
            }
            return new AffinityPlan(cpus, false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("affinity must be off, auto or a list of CPU numbers like \"0,1\", was '"
                    + value + "'", e);
        }
    }

    /** The CPU for miner thread {@code index}, if pinned. */
    public OptionalInt cpuFor(int index) {
        if (auto) {
            return OptionalInt.of(index % Runtime.getRuntime().availableProcessors());
        }
        return cpus.length == 0 ? OptionalInt.empty() : OptionalInt.of(cpus[index % cpus.length]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AffinityPlan plan && plan.auto == auto && Arrays.equals(plan.cpus, cpus);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cpus) * 31 + Boolean.hashCode(auto);
    }

    @Override
    public String toString() {
        return auto ? "auto" : cpus.length == 0 ? "off" : Arrays.toString(cpus);
    }
}
