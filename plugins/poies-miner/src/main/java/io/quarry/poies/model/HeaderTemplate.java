package io.quarry.poies.model;

import java.util.Objects;

/**
 * A header template, exactly the fields of {@code docs/poies-canonical-header.md} section 1: what a node serves to
 * miners and what a share and a block are bound to. Every field is checked on construction, so a template in hand is
 * always encodable ({@link CanonicalHeader}); JSON mapping is in {@link PoiesJson}.
 *
 * <p>Hashes and roots are 32 bytes. Decimal parameters ({@code gammaCap}, {@code escortQ}) are held as exact
 * integers in millionths so consensus arithmetic never touches floating point.
 *
 * @param chainId chain id, {@code >= 0}
 * @param height height of the block this template would become, {@code >= 0}
 * @param parentHash hash of the parent block (zero for genesis)
 * @param stateRoot state root after the block's transactions
 * @param txsRoot root of the block's transactions
 * @param proofsRoot {@link MerkleRoot#ofProofs root} of the proof envelopes the template commits to
 * @param daRoot data-availability root (zero when no blobs)
 * @param params Theta and the policy parameters in force
 * @param policyRoots hashes of the policies in force
 * @param nonceDomain the per-template mix seed and the u-draw domain tag
 * @param time unix seconds at which the template was built, {@code >= 0}
 * @param coinbase reward address ({@code anim1...}: 1 to 90 lowercase letters and digits)
 * @param extra the node's identifiers for this template
 */
public record HeaderTemplate(
        long chainId,
        long height,
        Bytes parentHash,
        Bytes stateRoot,
        Bytes txsRoot,
        Bytes proofsRoot,
        Bytes daRoot,
        Params params,
        PolicyRoots policyRoots,
        NonceDomain nonceDomain,
        long time,
        String coinbase,
        Extra extra) {

    /** Length of every hash and root in a template. */
    public static final int HASH_LENGTH = 32;
    /** Longest coinbase address. */
    public static final int MAX_COINBASE_LENGTH = 90;
    /** Longest identifier ({@code templateId}, {@code mempoolSnapshotId}, {@code uDomainTag}). */
    public static final int MAX_ID_LENGTH = 64;

    /** Checks every field; the message names the JSON path of the first bad one. */
    public HeaderTemplate {
        Fields.nonNegative(chainId, "chainId");
        Fields.nonNegative(height, "height");
        Fields.bytes(parentHash, HASH_LENGTH, "parentHash");
        Fields.bytes(stateRoot, HASH_LENGTH, "stateRoot");
        Fields.bytes(txsRoot, HASH_LENGTH, "txsRoot");
        Fields.bytes(proofsRoot, HASH_LENGTH, "proofsRoot");
        Fields.bytes(daRoot, HASH_LENGTH, "daRoot");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(policyRoots, "policyRoots");
        Objects.requireNonNull(nonceDomain, "nonceDomain");
        Fields.nonNegative(time, "time");
        Fields.ascii(coinbase, 1, MAX_COINBASE_LENGTH, Fields.Alphabet.LOWER_ALNUM, "coinbase");
        Objects.requireNonNull(extra, "extra");
    }

    /** The node's id for this template ({@code extra.templateId}). */
    public String templateId() {
        return extra.templateId();
    }

    /** The per-template mix seed ({@code nonceDomain.mixSeed}). */
    public Bytes mixSeed() {
        return nonceDomain.mixSeed();
    }

    /** Theta in micro-nats ({@code params.thetaMicro}). */
    public long thetaMicro() {
        return params.thetaMicro();
    }

    /**
     * Theta and the policy parameters (section 2.1 {@code params}).
     *
     * @param thetaMicro the block threshold Theta in micro-nats, {@code >= 1}
     * @param gammaCapMicro the total psi cap Gamma in micro-nats (JSON {@code gammaCap}, in nats), {@code >= 0}
     * @param escortQMicro the escort fairness fraction q in millionths (JSON {@code escortQ}), in [0, 10^6]
     */
    public record Params(long thetaMicro, long gammaCapMicro, long escortQMicro) {

        /** One, in millionths. */
        public static final long ONE_MICRO = 1_000_000L;

        /** Checks the ranges; the message names the JSON path. */
        public Params {
            Fields.inRange(thetaMicro, 1, Long.MAX_VALUE, "params.thetaMicro");
            Fields.nonNegative(gammaCapMicro, "params.gammaCap (micro)");
            Fields.inRange(escortQMicro, 0, ONE_MICRO, "params.escortQ (micro)");
        }
    }

    /**
     * Hashes of the policies in force (section 2.1 {@code policyRoots}).
     *
     * @param poiesPolicy hash of the PoIES policy file (caps, Gamma, escort q, allowlists)
     * @param algPolicy hash of the algorithm policy
     */
    public record PolicyRoots(Bytes poiesPolicy, Bytes algPolicy) {

        /** Checks both are 32 bytes. */
        public PolicyRoots {
            Fields.bytes(poiesPolicy, HASH_LENGTH, "policyRoots.poiesPolicy");
            Fields.bytes(algPolicy, HASH_LENGTH, "policyRoots.algPolicy");
        }
    }

    /**
     * The nonce domain (section 2.1 {@code nonceDomain}, section 4).
     *
     * @param mixSeed the 32-byte seed hashed after the nonce
     * @param uDomainTag the u-draw domain tag; {@link #U_DOMAIN_TAG_V1} is the one this code draws in
     */
    public record NonceDomain(Bytes mixSeed, String uDomainTag) {

        /** The u-draw domain tag of the share digest, version 1. */
        public static final String U_DOMAIN_TAG_V1 = "animica:u-draw:v1";
        /** Length of the mix seed. */
        public static final int MIX_SEED_LENGTH = 32;

        /** Checks the seed length and the tag's characters. */
        public NonceDomain {
            Fields.bytes(mixSeed, MIX_SEED_LENGTH, "nonceDomain.mixSeed");
            Fields.ascii(uDomainTag, 1, MAX_ID_LENGTH, Fields.Alphabet.PRINTABLE, "nonceDomain.uDomainTag");
        }
    }

    /**
     * The node's identifiers (section 2.1 {@code extra}).
     *
     * @param mempoolSnapshotId the mempool snapshot the transactions came from; may be empty
     * @param templateId the id shares name to bind to this template; never empty
     */
    public record Extra(String mempoolSnapshotId, String templateId) {

        /** Checks both identifiers' lengths and characters. */
        public Extra {
            Fields.ascii(mempoolSnapshotId, 0, MAX_ID_LENGTH, Fields.Alphabet.IDENTIFIER, "extra.mempoolSnapshotId");
            Fields.ascii(templateId, 1, MAX_ID_LENGTH, Fields.Alphabet.IDENTIFIER, "extra.templateId");
        }
    }
}
