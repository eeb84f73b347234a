package io.quarry.fleet.protocol;

import io.quarry.api.identity.Identity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a controller signs: a domain-separation label, then each field of the command length-prefixed, so no
 * two different commands share signed bytes and a signature made for another purpose never verifies here.
 */
public final class CommandSigning {

    private static final byte[] LABEL = "quarry fleet-control command\0".getBytes(StandardCharsets.US_ASCII);

    private CommandSigning() {
    }

    /** The bytes the signature covers. */
    public static byte[] signedBytes(int version, String id, String type, String from, String to, long timestamp,
            byte[] payload) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128 + payload.length);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(LABEL);
            out.writeInt(version);
            field(out, id.getBytes(StandardCharsets.UTF_8));
            field(out, type.getBytes(StandardCharsets.UTF_8));
            field(out, from.getBytes(StandardCharsets.UTF_8));
            field(out, to.getBytes(StandardCharsets.UTF_8));
            out.writeLong(timestamp);
            field(out, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** A command signed by {@code identity}. */
    public static FleetCommand sign(Identity identity, String id, String type, String to, long timestamp, byte[] payload) {
        byte[] signed = signedBytes(FleetProtocol.VERSION, id, type, identity.nodeId(), to, timestamp, payload);
        return new FleetCommand(FleetProtocol.VERSION, id, type, identity.nodeId(), to, timestamp, payload,
                identity.sign(signed));
    }

    /** Whether {@code command}'s signature is its sender's over its fields. */
    public static boolean verifies(FleetCommand command) {
        byte[] signed = signedBytes(command.version(), command.id(), command.type(), command.from(), command.to(),
                command.timestamp(), command.payload());
        return Identity.verify(command.from(), signed, command.signature());
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
