package io.quarry.poies.target;

import io.quarry.poies.chain.BlockSummary;
import java.util.List;
import java.util.Objects;

/**
 * Θ from the consensus retarget ({@link ThetaRetarget}): each block's Θ follows from its parent's Θ and the
 * interval between the parent and the grandparent, steering toward {@code block_time_secs}.
 *
 * @param rule the retarget rule
 * @param genesisThetaMicro Θ for block 1 of a new chain
 */
public record RetargetSchedule(ThetaRetarget rule, long genesisThetaMicro) implements ThetaSchedule {

    public RetargetSchedule {
        Objects.requireNonNull(rule, "rule");
        if (genesisThetaMicro < 1) {
            throw new IllegalArgumentException("genesisThetaMicro must be >= 1, was " + genesisThetaMicro);
        }
    }

    @Override
    public int window() {
        return 2;
    }

    @Override
    public long nextThetaMicro(List<BlockSummary> recent) {
        BlockSummary last = recent.get(recent.size() - 1);
        if (recent.size() < 2) {
            return last.thetaMicro(); // genesis alone: no interval yet
        }
        BlockSummary before = recent.get(recent.size() - 2);
        return rule.next(last.thetaMicro(), last.time() - before.time());
    }
}
