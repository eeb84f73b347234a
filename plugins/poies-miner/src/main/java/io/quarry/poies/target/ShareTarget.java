package io.quarry.poies.target;

/**
 * A share micro-target for one source, for the current Θ. The two fields say the same thing two ways: a share
 * is admitted when its {@code d_ratio_ppm >= dRatioPpm}, which for the template's Θ means
 * {@code H(u) >= hMicro / 10^6} nats. Since {@code P(H(u) >= t) = e^-t}, a miner scanning {@code r} nonces a
 * second finds about {@code r * e^-(hMicro / 10^6)} shares a second.
 *
 * @param dRatioPpm the least {@code d_ratio_ppm} admitted, in millionths of Θ, {@code >= 1}
 * @param hMicro the same threshold as H(u) in micro-nats for the current Θ: {@code ceil(dRatioPpm * Θµ / 10^6)}
 * @param thetaMicro the Θ it was computed for
 */
public record ShareTarget(long dRatioPpm, long hMicro, long thetaMicro) {

    public ShareTarget {
        if (dRatioPpm < 1 || hMicro < 0 || thetaMicro < 1) {
            throw new IllegalArgumentException("share target out of range: dRatioPpm=" + dRatioPpm + " hMicro="
                    + hMicro + " thetaMicro=" + thetaMicro);
        }
    }
}
