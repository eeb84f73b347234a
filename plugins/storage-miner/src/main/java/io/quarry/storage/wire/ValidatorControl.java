package io.quarry.storage.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** Requests on {@code storage/validator-control/1}, from a miner to its validator. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ValidatorControl.Register.class, name = "Register"),
    @JsonSubTypes.Type(value = ValidatorControl.Heartbeat.class, name = "Heartbeat"),
    @JsonSubTypes.Type(value = ValidatorControl.QueryPgFilesBatch.class, name = "QueryPgFilesBatch"),
    @JsonSubTypes.Type(value = ValidatorControl.QueryManifest.class, name = "QueryManifest"),
})
public sealed interface ValidatorControl {

    /**
     * Join the cluster.
     *
     * @param familyId the miner's failure family
     * @param totalBytes storage offered (0: no limit configured)
     * @param availableBytes storage still free
     * @param host where the miner's transport listens
     * @param port its port
     * @param timestamp milliseconds since the epoch when signed
     * @param signature the miner's Ed25519 signature over {@code REGISTER:{nodeId}:{timestamp}}
     */
    record Register(String familyId, long totalBytes, long availableBytes, String host, int port, long timestamp,
                    byte[] signature) implements ValidatorControl {
    }

    /**
     * Still here.
     *
     * @param availableBytes storage still free
     * @param usedBytes bytes of shards held
     * @param shards shards held
     * @param epoch the newest cluster map epoch the miner has
     * @param timestamp milliseconds since the epoch when signed
     * @param signature the miner's Ed25519 signature over {@code HEARTBEAT:{nodeId}:{timestamp}}
     * @param rebalanceEpoch the map epoch of the miner's last complete rebalancing pass; 0 when none (or an older
     *     miner that does not report it)
     * @param rebalanceStartedAt when that pass started, milliseconds since the epoch on the validator's clock (the
     *     {@code asOf} of the first QueryPgFilesBatch answer the pass read)
     * @param rebalanceMissing shards of its placement groups that pass could neither pull nor rebuild
     */
    record Heartbeat(long availableBytes, long usedBytes, long shards, long epoch, long timestamp, byte[] signature,
                     long rebalanceEpoch, long rebalanceStartedAt, long rebalanceMissing) implements ValidatorControl {

        /** A heartbeat reporting no rebalancing pass. */
        public Heartbeat(long availableBytes, long usedBytes, long shards, long epoch, long timestamp, byte[] signature) {
            this(availableBytes, usedBytes, shards, epoch, timestamp, signature, 0, 0, 0);
        }
    }

    /**
     * The stripes stored in some placement groups, for rebalancing; answered in pages.
     *
     * @param pgs placement groups, at most {@link #MAX_PGS}
     * @param offset stripes to skip (from the previous page's {@code next})
     */
    record QueryPgFilesBatch(List<Integer> pgs, int offset) implements ValidatorControl {

        /** Most placement groups one query names. */
        public static final int MAX_PGS = 256;
    }

    /**
     * A file's manifest.
     *
     * @param fileId the file
     */
    record QueryManifest(String fileId) implements ValidatorControl {
    }
}
