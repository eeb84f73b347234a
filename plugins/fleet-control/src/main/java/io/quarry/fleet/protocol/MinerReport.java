package io.quarry.fleet.protocol;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerStats;
import java.util.Locale;
import java.util.Objects;

/**
 * One miner as a worker reports it.
 *
 * @param id the miner id
 * @param kind its kind ({@code randomx}, {@code poies}, {@code xmrig}, ...)
 * @param state {@code stopped}, {@code starting}, {@code running}, {@code stopping}, {@code failed} or {@code unavailable}
 * @param detail why it is in that state, when that needs saying
 * @param hashrate its hashrate over 10 s, 60 s and 15 min
 * @param sharesAccepted shares accepted upstream
 * @param sharesRejected shares rejected upstream
 * @param uptimeSeconds seconds since it last started
 * @param profile the profile it was last started with by a controller; empty when none
 */
public record MinerReport(String id, String kind, String state, String detail, HashrateView hashrate,
        long sharesAccepted, long sharesRejected, long uptimeSeconds, String profile) {

    public MinerReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(hashrate, "hashrate");
        detail = detail == null ? "" : detail;
        profile = profile == null ? "" : profile;
    }

    /** The report of a local miner; a miner whose stats fail reports zero figures and says why. */
    public static MinerReport of(Miner miner, String profile) {
        String detail = miner.stateDetail();
        MinerStats stats;
        try {
            stats = miner.stats();
        } catch (RuntimeException e) {
            stats = MinerStats.idle();
            detail = "stats failed: " + e.getMessage();
        }
        return new MinerReport(miner.id(), miner.kind(), miner.state().name().toLowerCase(Locale.ROOT), detail,
                HashrateView.of(stats.hashrate()), stats.sharesAccepted(), stats.sharesRejected(),
                stats.uptime().toSeconds(), profile);
    }
}
