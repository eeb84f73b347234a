package io.quarry.kernel.doctor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link MsrRegisters} over the Linux {@code msr} driver's files: {@code <root>/dev/cpu/N/msr}, where the register
 * number is the file offset and each register is 8 bytes, little-endian (the x86 byte order).
 */
public final class MsrDeviceFiles implements MsrRegisters {

    private final HostFiles host;

    /** The register files under {@code host}'s root. */
    public MsrDeviceFiles(HostFiles host) {
        this.host = host;
    }

    @Override
    public List<Integer> cpus() throws IOException {
        Path dir = host.path("/dev/cpu");
        List<Integer> cpus = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return cpus;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().matches("\\d{1,5}"))
                    .filter(p -> Files.exists(p.resolve("msr")))
                    .map(p -> Integer.parseInt(p.getFileName().toString()))
                    .sorted()
                    .forEach(cpus::add);
        }
        return cpus;
    }

    @Override
    public long read(int cpu, long register) throws IOException {
        try (FileChannel channel = FileChannel.open(file(cpu), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, register + buffer.position()) < 0) {
                    throw new IOException("cannot read register 0x" + Long.toHexString(register) + " of cpu " + cpu);
                }
            }
            return buffer.flip().getLong();
        }
    }

    @Override
    public void write(int cpu, long register, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(file(cpu), StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer, register + buffer.position());
            }
        }
    }

    private Path file(int cpu) {
        return host.path("/dev/cpu/" + cpu + "/msr");
    }
}
