package io.quarry.fleet.peer;

/**
 * How much each peer metric counts when choosing a peer: each axis of the KD-tree is the metric times its
 * weight, and the best peer is the one nearest the ideal point (no latency, no hops, no distance, score 100).
 *
 * @param ping weight of the round trip in milliseconds
 * @param hops weight of the hop count
 * @param geo weight of the distance in kilometres
 * @param score weight of the reliability score's shortfall from 100
 */
public record PeerWeights(double ping, double hops, double geo, double score) {

    /** Latency first; a hop counts like 10 ms, 100 km like 1 ms, a score point like 1 ms. */
    public static final PeerWeights DEFAULT = new PeerWeights(1.0, 10.0, 0.01, 1.0);

    public PeerWeights {
        for (double w : new double[] {ping, hops, geo, score}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("peer selection weights must be finite and >= 0, were "
                        + ping + ", " + hops + ", " + geo + ", " + score);
            }
        }
    }
}
