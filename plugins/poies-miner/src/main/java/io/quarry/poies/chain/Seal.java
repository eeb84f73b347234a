package io.quarry.poies.chain;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a block met Θ, as the packer scored it when it sealed the block: H(u) of its share and the psi each
 * attached proof was credited with, in block order. Kept beside the block so that block data can show every
 * proof's type and psi without re-running verifiers over history.
 *
 * @param hMicro H(u) of the block's share in micro-nats
 * @param credits one per attached proof, in the block's proof order
 */
public record Seal(long hMicro, List<Credit> credits) {

    private static final byte VERSION = 1;
    private static final int MAX_TYPE_LENGTH = 64;

    public Seal {
        credits = List.copyOf(credits);
        if (hMicro < 0) {
            throw new IllegalArgumentException("hMicro must be >= 0, was " + hMicro);
        }
    }

    /** The seal of genesis, which meets no Θ and carries no proofs. */
    public static Seal genesis(long hMicro) {
        return new Seal(hMicro, List.of());
    }

    /** Σψ over the credits, in micro-nats. */
    public long psiMicro() {
        long sum = 0;
        for (Credit credit : credits) {
            sum = Math.addExact(sum, credit.psiMicro());
        }
        return sum;
    }

    /** S = H(u) + Σψ, in micro-nats. */
    public long scoreMicro() {
        return Math.addExact(hMicro, psiMicro());
    }

    /**
     * One attached proof's credit.
     *
     * @param type the policy category ({@code "vdf"}, {@code "ai"}, ...)
     * @param psiMicro the psi it was credited with, in micro-nats
     */
    public record Credit(String type, long psiMicro) {

        public Credit {
            Objects.requireNonNull(type, "type");
            if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH || psiMicro < 0) {
                throw new IllegalArgumentException("credit out of range: type '" + type + "' psi " + psiMicro);
            }
        }
    }

    /** version(1) hMicro(8) count(2) then per credit: typeLength(1) type(ASCII) psiMicro(8). */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(11).put(VERSION).putLong(hMicro).putShort((short) credits.size());
        out.writeBytes(head.array());
        for (Credit credit : credits) {
            byte[] type = credit.type().getBytes(StandardCharsets.US_ASCII);
            out.write(type.length);
            out.writeBytes(type);
            out.writeBytes(ByteBuffer.allocate(8).putLong(credit.psiMicro()).array());
        }
        return out.toByteArray();
    }

    static Seal decode(byte[] bytes, String key) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new ChainException(key + ": unknown seal format version");
            }
            long h = in.getLong();
            int count = Short.toUnsignedInt(in.getShort());
            List<Credit> credits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] type = new byte[Byte.toUnsignedInt(in.get())];
                in.get(type);
                credits.add(new Credit(new String(type, StandardCharsets.US_ASCII), in.getLong()));
            }
            if (in.hasRemaining()) {
                throw new ChainException(key + ": " + in.remaining() + " bytes after the seal");
            }
            return new Seal(h, credits);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ChainException(key + ": the seal record is damaged", e);
        }
    }
}
