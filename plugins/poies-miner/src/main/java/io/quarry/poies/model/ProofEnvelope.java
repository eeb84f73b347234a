package io.quarry.poies.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The generic proof envelope ({@code docs/poies-canonical-header.md} section 6): {@code {"type_id": ..., "body":
 * {...}, "nullifier": ...}}. Every proof kind (HashShare, VDF, Storage, AI, Quantum) travels in one; the kind's
 * verifier reads the body. The nullifier is 32 bytes, derived by each kind from what makes its proof unique, so that
 * one piece of work is never counted twice.
 *
 * @param typeId the proof kind and version, {@code hashshare:v1} for instance: 1 to 64 characters of
 *     lowercase letters, digits and {@code . _ : -}
 * @param body the kind-specific body
 * @param nullifier the 32-byte nullifier
 */
public record ProofEnvelope(String typeId, ProofBody body, Bytes nullifier) {

    /** Length of a nullifier. */
    public static final int NULLIFIER_LENGTH = 32;
    /** Longest type id. */
    public static final int MAX_TYPE_ID_LENGTH = 64;

    /** Checks the type id's characters and the nullifier's length. */
    public ProofEnvelope {
        Objects.requireNonNull(typeId, "type_id");
        if (typeId.isEmpty() || typeId.length() > MAX_TYPE_ID_LENGTH || !typeId.chars().allMatch(c ->
                (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-')) {
            throw new SchemaException("type_id: expected 1.." + MAX_TYPE_ID_LENGTH
                    + " characters of a-z, 0-9, '.', '_', ':', '-', found " + Bytes.preview(typeId));
        }
        Objects.requireNonNull(body, "body");
        Fields.bytes(nullifier, NULLIFIER_LENGTH, "nullifier");
    }

    /**
     * The canonical encoding the proofs root is built over: type id length (1 byte) and ASCII, the body's
     * {@link ProofBody#canonicalBytes() canonical bytes}, then the 32-byte nullifier.
     */
    public byte[] canonicalBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] type = typeId.getBytes(StandardCharsets.US_ASCII);
        out.write(type.length);
        out.writeBytes(type);
        out.writeBytes(body.canonicalBytes());
        out.writeBytes(nullifier.toArray());
        return out.toByteArray();
    }
}
