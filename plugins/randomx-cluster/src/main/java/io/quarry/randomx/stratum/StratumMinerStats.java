package io.quarry.randomx.stratum;

import io.quarry.api.miner.MinerStats;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One outside miner as the endpoint sees it.
 *
 * @param session the connection's id ({@code "stratum-17"})
 * @param remote the miner's address
 * @param login what it logged in as (a wallet, a worker name)
 * @param agent its {@code agent} string ({@code "XMRig/6.21.0 ..."})
 * @param worker its worker index: nonce prefix or reserved-area value
 * @param difficulty its current share difficulty
 * @param hashrate estimated from accepted difficulty over 10 s, 60 s and 15 min
 * @param accepted shares accepted
 * @param rejected shares rejected, by reason
 * @param connectedSince when it logged in
 */
public record StratumMinerStats(String session, String remote, String login, String agent, int worker,
                                long difficulty, MinerStats.Hashrate hashrate, long accepted,
                                Map<String, Long> rejected, Instant connectedSince) {

    public StratumMinerStats {
        Objects.requireNonNull(session, "session");
        rejected = Map.copyOf(rejected);
    }

    /** Shares rejected for any reason. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
