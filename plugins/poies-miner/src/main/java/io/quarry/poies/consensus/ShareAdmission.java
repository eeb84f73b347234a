package io.quarry.poies.consensus;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.model.ShareDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The cheap admission path for HashShares, in the order of {@code docs/poies-canonical-header.md} section 5: schema,
 * header link (with staleness first: a share on a template no longer served cannot be linked), u-draw domain, target
 * ratio, nullifier freshness. Pure: it reads templates and nullifiers only through the functions it was given, and
 * the first failing step decides the {@link RejectReason}.
 *
 * <p>The steps in detail:
 * <ol>
 *   <li>{@code schema}: a {@value HashShare#TYPE_ID} envelope with exactly the six body members, hex of the
 *       right lengths, a non-negative {@code d_ratio_ppm};</li>
 *   <li>{@code stale}: {@code templates} knows the {@code templateId};</li>
 *   <li>{@code header_link}: the share's mix seed is the template's and {@code keccak} is
 *       {@code Keccak-512(canonical_header_without_nonce || nonce || mixSeed)};</li>
 *   <li>{@code u_domain}: the template draws in {@code animica:u-draw:v1} and {@code u} is the digest's first
 *       32 bytes;</li>
 *   <li>{@code target}: {@code H(u) >= } the share target, and the claimed {@code d_ratio_ppm} is the exact
 *       {@code floor(H(u) * 10^6 / Theta)} give or take one (a miner computing H(u) in floating point may land
 *       on the other side of a ppm boundary); the admitted share carries the exact value;</li>
 *   <li>{@code nullifier}, {@code duplicate_nullifier}: the nullifier is the one derived from the digest, and
 *       {@code seen} has not had it before.</li>
 * </ol>
 */
public final class ShareAdmission {

    /** How far a claimed {@code d_ratio_ppm} may be from the exact one. */
    public static final long D_RATIO_TOLERANCE_PPM = 1;

    private final Function<String, Optional<HeaderTemplate>> templates;
    private final Predicate<Bytes> seen;

    /**
     * @param templates the templates shares may be on, by {@code templateId}: empty for unknown or superseded
     * @param seen whether a nullifier was used before. It is asked only for shares that passed every other
     *     step, as the very last check; a node admitting concurrently should make it an atomic test-and-record
     *     ({@code n -> !used.add(n)} on a concurrent set) so that of two identical shares exactly one passes
     */
    public ShareAdmission(Function<String, Optional<HeaderTemplate>> templates, Predicate<Bytes> seen) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.seen = Objects.requireNonNull(seen, "seen");
    }

    /** Admits an envelope given as plain JSON-RPC values (a map), with share target {@code target(template)}. */
    public Admission admitPlain(Object envelope, ToLongFunction<HeaderTemplate> target) {
        HashShare share;
        try {
            share = HashShare.fromEnvelope(PoiesJson.envelopeFromPlain(envelope));
        } catch (SchemaException e) {
            return new Admission.Rejected(RejectReason.SCHEMA, e.getMessage());
        }
        return admit(share, target);
    }

    /** Admits an envelope given as JSON text. */
    public Admission admitJson(String envelope, ToLongFunction<HeaderTemplate> target) {
        HashShare share;
        try {
            share = HashShare.fromEnvelope(PoiesJson.parseEnvelope(envelope));
        } catch (SchemaException e) {
            return new Admission.Rejected(RejectReason.SCHEMA, e.getMessage());
        }
        return admit(share, target);
    }

    /** Admits a parsed envelope. */
    public Admission admit(ProofEnvelope envelope, ToLongFunction<HeaderTemplate> target) {
        HashShare share;
        try {
            share = HashShare.fromEnvelope(envelope);
        } catch (SchemaException e) {
            return new Admission.Rejected(RejectReason.SCHEMA, e.getMessage());
        }
        return admit(share, target);
    }

    /** Admits a share whose shape is already checked (the HashShare record checks it), from step 2 on. */
    public Admission admit(HashShare share, ToLongFunction<HeaderTemplate> target) {
        Optional<HeaderTemplate> known = templates.apply(share.templateId());
        if (known.isEmpty()) {
            return reject(RejectReason.STALE, "template " + share.templateId() + " is unknown or no longer served");
        }
        HeaderTemplate template = known.get();
        if (!share.mixSeed().equals(template.mixSeed())) {
            return reject(RejectReason.HEADER_LINK, "mixSeed " + share.mixSeed() + " is not the template's "
                    + template.mixSeed());
        }
        Bytes digest = ShareDigest.compute(template, share.nonce());
        if (!digest.equals(share.keccak())) {
            return reject(RejectReason.HEADER_LINK, "keccak is not Keccak-512(canonical header || nonce || mixSeed)"
                    + " of template " + template.templateId() + "; expected " + digest);
        }
        if (!HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1.equals(template.nonceDomain().uDomainTag())) {
            return reject(RejectReason.U_DOMAIN, "template draws in u-domain \"" + template.nonceDomain().uDomainTag()
                    + "\", this node knows \"" + HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1 + "\"");
        }
        Bytes u = ShareDigest.u(digest);
        if (!u.equals(share.u())) {
            return reject(RejectReason.U_DOMAIN, "u is not the digest's first 32 bytes; expected " + u);
        }
        long h = UDraw.hMicro(u);
        long shareTarget = target.applyAsLong(template);
        if (h < shareTarget) {
            return reject(RejectReason.TARGET, "H(u) is " + h + " micro-nats, below the share target " + shareTarget);
        }
        long ratio = UDraw.dRatioPpm(h, template.thetaMicro());
        if (Math.abs(share.dRatioPpm() - ratio) > D_RATIO_TOLERANCE_PPM) {
            return reject(RejectReason.TARGET, "d_ratio_ppm is " + share.dRatioPpm() + ", the share's depth against"
                    + " Theta " + template.thetaMicro() + " is " + ratio);
        }
        Bytes nullifier = HashShare.nullifierFor(digest);
        if (!nullifier.equals(share.nullifier())) {
            return reject(RejectReason.NULLIFIER, "nullifier is not Keccak-256(\"animica:hashshare:nullifier:v1\""
                    + " || keccak); expected " + nullifier);
        }
        if (seen.test(nullifier)) {
            return reject(RejectReason.DUPLICATE_NULLIFIER, "nullifier " + nullifier + " was already used");
        }
        return new Admission.Admitted(HashShare.of(template, share.nonce(), digest, ratio), template, h);
    }

    private static Admission reject(RejectReason reason, String detail) {
        return new Admission.Rejected(reason, detail);
    }
}
