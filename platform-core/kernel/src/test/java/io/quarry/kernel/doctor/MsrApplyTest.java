package io.quarry.kernel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsrApplyTest {

    private static final String INTEL = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n";
    private static final String ZEN2 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\nmodel\t\t: 113\n";
    private static final String ZEN3 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 33\n";
    private static final String ZEN4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 97\n";

    private static final long DEVICE_LENGTH = 0xc0011100L;

    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicInteger modprobes = new AtomicInteger();

    private HostFiles host(String cpuinfo, int cpus) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), cpuinfo);
        for (int cpu = 0; cpu < cpus; cpu++) {
            Files.createDirectories(root.resolve("dev/cpu/" + cpu));
            // a sparse file as long as the register space used, so every register reads as 0 like a device
            try (var file = new java.io.RandomAccessFile(root.resolve("dev/cpu/" + cpu + "/msr").toFile(), "rw")) {
                file.setLength(DEVICE_LENGTH);
            }
        }
        return new HostFiles(root);
    }

    private MsrApply apply(HostFiles host, String arch) {
        return new MsrApply(host, new MsrDeviceFiles(host), arch, modprobes::incrementAndGet);
    }

    /** The 8 little-endian bytes at offset {@code register} of the stand-in device file. */
    private long register(int cpu, long register) throws Exception {
        try (var channel = java.nio.channels.FileChannel.open(root.resolve("dev/cpu/" + cpu + "/msr"))) {
            ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, register);
            return buffer.flip().getLong();
        }
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void intelGetsRegister0x1a4Set0xfOnEveryCpuAtTheRegistersOffset() throws Exception {
        HostFiles host = host(INTEL, 2);
        new MsrDeviceFiles(host).write(1, 0x1a4, 0x3);

        assertThat(apply(host, "amd64").apply(out)).isTrue();

        assertThat(register(0, 0x1a4)).isEqualTo(0xf);
        assertThat(register(1, 0x1a4)).isEqualTo(0xf);
        assertThat(register(0, 0x1a4 - 8)).isZero();
        assertThat(register(0, 0x1a4 + 8)).isZero();
        assertThat(Files.size(root.resolve("dev/cpu/0/msr"))).isEqualTo(DEVICE_LENGTH);
        assertThat(printed()).contains("preset \"intel\" on 2 cpus")
                .contains("cpu 0 register 0x1a4: was 0x0, writing 0xf")
                .contains("cpu 1 register 0x1a4: was 0x3, writing 0xf");
        assertThat(modprobes).hasValue(0);
    }

    /** Registers in a map (a real device keeps each register apart; offsets 8 bytes apart would overlap in a file). */
    private static class RecordingRegisters implements MsrRegisters {
        final java.util.Map<Long, Long> values = new java.util.HashMap<>();
        final java.util.List<String> writes = new java.util.ArrayList<>();
        private final int cpus;
        private final int failingCpu;

        RecordingRegisters() {
            this(1, -1);
        }

        /** {@code cpus} CPUs whose writes fail from the first one on {@code failingCpu} (-1: none). */
        RecordingRegisters(int cpus, int failingCpu) {
            this.cpus = cpus;
            this.failingCpu = failingCpu;
        }

        private static long key(int cpu, long register) {
            return ((long) cpu << 40) | register;
        }

        void put(int cpu, long register, long value) {
            values.put(key(cpu, register), value);
        }

        long get(int cpu, long register) {
            return values.getOrDefault(key(cpu, register), 0L);
        }

        @Override
        public java.util.List<Integer> cpus() {
            return java.util.stream.IntStream.range(0, cpus).boxed().toList();
        }

        @Override
        public long read(int cpu, long register) throws java.io.IOException {
            return get(cpu, register);
        }

        @Override
        public void write(int cpu, long register, long value) throws java.io.IOException {
            if (cpu == failingCpu) {
                throw new java.io.IOException("/dev/cpu/" + cpu + "/msr: input/output error");
            }
            put(cpu, register, value);
            writes.add((cpus > 1 ? cpu + ":" : "") + Long.toHexString(register) + "=" + Long.toHexString(value));
        }
    }

    @Test
    void zen2WritesTheRyzen17hPresetKeepingBit5OfTheMaskedRegister() throws Exception {
        HostFiles host = host(ZEN2, 0);
        RecordingRegisters registers = new RecordingRegisters();
        registers.put(0, 0xc0011021L, 0x20L | 0x1000L);
        registers.put(0, 0xc0011020L, 0x1234L);

        assertThat(new MsrApply(host, registers, "amd64", modprobes::incrementAndGet).apply(out)).isTrue();

        assertThat(registers.writes).containsExactly("c0011020=0", "c0011021=60", "c0011022=1510000",
                "c001102b=2000cc16");
        assertThat(printed()).contains("preset \"ryzen_17h\"")
                .contains("cpu 0 register 0xc0011020: was 0x1234, writing 0x0")
                .contains("cpu 0 register 0xc0011021: was 0x1020, writing 0x60");
    }

    @Test
    void zen3WritesTheRyzen19hPreset() throws Exception {
        HostFiles host = host(ZEN3, 0);
        RecordingRegisters registers = new RecordingRegisters();

        assertThat(new MsrApply(host, registers, "x86_64", modprobes::incrementAndGet).apply(out)).isTrue();

        assertThat(registers.writes).containsExactly("c0011020=4480000000000", "c0011021=1c000200000040",
                "c0011022=c000000401570000", "c001102b=2000cc10");
    }

    @Test
    void aWriteFailureOnTheThirdCpuRestoresTheFirstTwo() throws Exception {
        HostFiles host = host(INTEL, 0);
        RecordingRegisters registers = new RecordingRegisters(4, 2);
        registers.put(0, 0x1a4, 0x1);
        registers.put(1, 0x1a4, 0x3);
        registers.put(2, 0x1a4, 0x7);

        assertThat(new MsrApply(host, registers, "amd64", modprobes::incrementAndGet).apply(out)).isFalse();

        assertThat(registers.writes).containsExactly("0:1a4=f", "1:1a4=f", "1:1a4=3", "0:1a4=1");
        assertThat(registers.get(0, 0x1a4)).isEqualTo(0x1);
        assertThat(registers.get(1, 0x1a4)).isEqualTo(0x3);
        assertThat(registers.get(2, 0x1a4)).isEqualTo(0x7);
        assertThat(registers.get(3, 0x1a4)).isZero();
        assertThat(printed()).contains("failed (needs root and the msr module): /dev/cpu/2/msr: input/output error")
                .contains("cpu 1 register 0x1a4: restored 0x3").contains("cpu 0 register 0x1a4: restored 0x1")
                .contains("every register changed was restored").doesNotContain("cpu 3 register");
    }

    @Test
    void aReadFailureOnALaterCpuWritesNothing() throws Exception {
        HostFiles host = host(INTEL, 0);
        RecordingRegisters registers = new RecordingRegisters(3, -1) {
            @Override
            public long read(int cpu, long register) throws java.io.IOException {
                if (cpu == 2) {
                    throw new java.io.IOException("cannot read cpu 2");
                }
                return super.read(cpu, register);
            }
        };

        assertThat(new MsrApply(host, registers, "amd64", modprobes::incrementAndGet).apply(out)).isFalse();

        assertThat(registers.writes).isEmpty();
        assertThat(printed()).contains("cannot read cpu 2");
    }

    @Test
    void amdRegistersGoToTheirOffsetsInTheDeviceFile() throws Exception {
        HostFiles host = host(ZEN2, 1);

        assertThat(apply(host, "amd64").apply(out)).isTrue();

        // 0xc0011022 and 0xc001102b are written after their neighbours, so their 8 bytes are intact here
        assertThat(register(0, 0xc0011022L)).isEqualTo(0x1510000L);
        assertThat(register(0, 0xc001102bL)).isEqualTo(0x2000cc16L);
    }

    @Test
    void aCpuWithoutAPresetIsRefusedAndNothingIsWritten() throws Exception {
        HostFiles host = host(ZEN4, 1);

        assertThat(apply(host, "amd64").apply(out)).isFalse();

        assertThat(printed()).contains("refused, no RandomX MSR preset for this CPU (AuthenticAMD family 25 model 97)");
        assertThat(register(0, 0xc0011020L)).isZero();
        assertThat(register(0, 0xc001102bL)).isZero();
    }

    @Test
    void anotherArchitectureIsRefused() throws Exception {
        HostFiles host = host(INTEL, 1);

        assertThat(apply(host, "aarch64").apply(out)).isFalse();

        assertThat(printed()).contains("refused, the MSR preset is for x86_64 and this is aarch64");
        assertThat(register(0, 0x1a4)).isZero();
    }

    @Test
    void aMissingModuleIsLoadedOnceAndReportedAsAFailureWhenStillAbsent() throws Exception {
        HostFiles host = host(INTEL, 0);

        assertThat(apply(host, "amd64").apply(out)).isFalse();

        assertThat(modprobes).hasValue(1);
        assertThat(printed()).contains("trying: modprobe msr").contains("the msr module is not available");
    }

    @Test
    void aRegisterThatCannotBeReadFailsBeforeAnythingIsWritten() throws Exception {
        HostFiles host = host(INTEL, 0);
        Files.createDirectories(root.resolve("dev/cpu/0"));
        Files.write(root.resolve("dev/cpu/0/msr"), new byte[16]);

        assertThat(apply(host, "amd64").apply(out)).isFalse();

        assertThat(printed()).contains("cannot read register 0x1a4 of cpu 0");
        assertThat(Files.size(root.resolve("dev/cpu/0/msr"))).isEqualTo(16);
    }

    @Test
    void anUnwritableDeviceFailsWithAClearLine() throws Exception {
        HostFiles host = host(INTEL, 1);
        MsrRegisters readOnly = new MsrRegisters() {
            @Override
            public java.util.List<Integer> cpus() {
                return java.util.List.of(0);
            }

            @Override
            public long read(int cpu, long register) {
                return 0;
            }

            @Override
            public void write(int cpu, long register, long value) throws java.io.IOException {
                throw new java.nio.file.AccessDeniedException("/dev/cpu/0/msr");
            }
        };

        assertThat(new MsrApply(host, readOnly, "amd64", modprobes::incrementAndGet).apply(out)).isFalse();

        assertThat(printed()).contains("msr apply: failed (needs root and the msr module): /dev/cpu/0/msr");
    }
}
