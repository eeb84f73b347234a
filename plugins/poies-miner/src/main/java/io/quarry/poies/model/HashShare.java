package io.quarry.poies.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * A HashShare proof ({@code docs/poies-canonical-header.md} section 5): one scanned nonce bound to its template. It
 * travels as a {@link ProofEnvelope} of type {@value #TYPE_ID} whose body holds {@code templateId}, {@code nonce},
 * {@code mixSeed}, {@code u}, {@code keccak} and {@code d_ratio_ppm}.
 *
 * <p>The record checks shapes only (lengths, ranges); whether the fields agree with each other and with the
 * template (keccak is the digest, u its prefix, the nullifier {@link #nullifierFor derived} from it) is what share
 * admission checks, each failure with its own reason.
 *
 * @param templateId the template the share was scanned on ({@code extra.templateId})
 * @param nonce the 64-bit nonce
 * @param mixSeed the template's mix seed (32 bytes)
 * @param u the u-draw: the first 32 bytes of {@code keccak}
 * @param keccak the 64-byte share digest ({@link ShareDigest})
 * @param dRatioPpm how deep the share is relative to the template's Theta, in millionths:
 *     {@code floor(H(u) * 10^6 / Theta)}, so 1,000,000 means the hash alone meets Theta
 * @param nullifier {@link #nullifierFor nullifierFor(keccak)}
 */
public record HashShare(String templateId, long nonce, Bytes mixSeed, Bytes u, Bytes keccak, long dRatioPpm,
        Bytes nullifier) {

    /** The envelope type of a HashShare. */
    public static final String TYPE_ID = "hashshare:v1";
    /** Domain tag of the nullifier derivation. */
    public static final byte[] NULLIFIER_TAG = "animica:hashshare:nullifier:v1".getBytes(StandardCharsets.US_ASCII);

    private static final Set<String> BODY_KEYS = Set.of("templateId", "nonce", "mixSeed", "u", "keccak",
            "d_ratio_ppm");

    /** Checks lengths and ranges; the message names the envelope path. */
    public HashShare {
        Fields.ascii(templateId, 1, HeaderTemplate.MAX_ID_LENGTH, Fields.Alphabet.IDENTIFIER, "body.templateId");
        Fields.bytes(mixSeed, HeaderTemplate.NonceDomain.MIX_SEED_LENGTH, "body.mixSeed");
        Fields.bytes(u, ShareDigest.U_LENGTH, "body.u");
        Fields.bytes(keccak, ShareDigest.LENGTH, "body.keccak");
        Fields.nonNegative(dRatioPpm, "body.d_ratio_ppm");
        Fields.bytes(nullifier, ProofEnvelope.NULLIFIER_LENGTH, "nullifier");
    }

    /**
     * A share for {@code nonce} on {@code template} whose digest is {@code keccak}, with u and the nullifier
     * derived from it.
     */
    public static HashShare of(HeaderTemplate template, long nonce, Bytes keccak, long dRatioPpm) {
        Objects.requireNonNull(template, "template");
        return new HashShare(template.templateId(), nonce, template.mixSeed(), ShareDigest.u(keccak), keccak,
                dRatioPpm, nullifierFor(keccak));
    }

    /**
     * The nullifier of a share: {@code Keccak-256("animica:hashshare:nullifier:v1" || keccak)}. The digest
     * already commits to the template (chain, height, parent, proofs, templateId), the nonce and the mix seed,
     * so one scanned nonce has exactly one nullifier and no other share can claim it.
     */
    public static Bytes nullifierFor(Bytes keccak) {
        return Bytes.of(Keccak.keccak256(NULLIFIER_TAG, keccak.toArray()));
    }

    /** The share as a proof envelope. */
    public ProofEnvelope toEnvelope() {
        ProofBody body = ProofBody.builder()
                .put("templateId", templateId)
                .put("nonce", Nonce.toHex(nonce))
                .putHex("mixSeed", mixSeed)
                .putHex("u", u)
                .putHex("keccak", keccak)
                .put("d_ratio_ppm", dRatioPpm)
                .build();
        return new ProofEnvelope(TYPE_ID, body, nullifier);
    }

    /**
     * Reads a share from its envelope: the type must be {@value #TYPE_ID} and the body must have exactly the six
     * members, each of the right type and length.
     *
     * @throws SchemaException naming the first bad member
     */
    public static HashShare fromEnvelope(ProofEnvelope envelope) {
        if (!TYPE_ID.equals(envelope.typeId())) {
            throw new SchemaException("type_id: expected \"" + TYPE_ID + "\", found \"" + envelope.typeId() + "\"");
        }
        ProofBody body = envelope.body();
        body.requireExactly(BODY_KEYS);
        return new HashShare(body.string("templateId"),
                Nonce.parseHex(body.string("nonce"), "body.nonce"),
                body.hex("mixSeed", HeaderTemplate.NonceDomain.MIX_SEED_LENGTH),
                body.hex("u", ShareDigest.U_LENGTH),
                body.hex("keccak", ShareDigest.LENGTH),
                body.integer("d_ratio_ppm"),
                envelope.nullifier());
    }
}
