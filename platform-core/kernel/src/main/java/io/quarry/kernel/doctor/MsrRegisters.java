package io.quarry.kernel.doctor;

import java.io.IOException;
import java.util.List;

/** Access to the model-specific registers of each CPU (on Linux, {@code /dev/cpu/N/msr}). */
public interface MsrRegisters {

    /** The CPU numbers that have a register device, in order. */
    List<Integer> cpus() throws IOException;

    /** The 64-bit value of {@code register} on {@code cpu}. */
    long read(int cpu, long register) throws IOException;

    /** Writes {@code value} to {@code register} on {@code cpu}. */
    void write(int cpu, long register, long value) throws IOException;
}
