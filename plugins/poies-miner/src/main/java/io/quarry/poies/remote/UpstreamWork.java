package io.quarry.poies.remote;

import io.quarry.poies.hash.MicroTarget;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.target.ShareTarget;
import java.util.Objects;

/**
 * What a remote node gave a miner to do: a template and this miner's share target.
 *
 * @param template the template
 * @param target the share micro-target the node admits this miner's shares at
 */
public record UpstreamWork(HeaderTemplate template, ShareTarget target) {

    public UpstreamWork {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(target, "target");
    }

    /**
     * The least H(u), in micro-nats, of a share on this template the node admits: the node tests
     * {@code d_ratio_ppm >= target.dRatioPpm} against the template's own Θ, which is {@code H(u) >=
     * ceil(dRatioPpm * Θ / 10^6)} (the target's {@code hMicro} is the same figure when both Θ agree).
     */
    public long scanTargetMicro() {
        return Math.min(UDraw.MAX_H_MICRO, MicroTarget.fromDRatioPpm(target.dRatioPpm(), template.thetaMicro()));
    }
}
