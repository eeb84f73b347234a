package io.quarry.storage.wire;

import io.quarry.api.transport.Protocol;
import io.quarry.storage.store.StorageLimits;
import java.time.Duration;

/**
 * The storage plugin's protocols on the kernel transport. Control messages are limited to
 * {@link StorageLimits#MAX_MESSAGE_SIZE}; shard bodies are streams.
 */
public final class StorageProtocols {

    /** Validator, wardens and peers to a miner: Delete, PullFromPeer, ClusterMapUpdate, PosChallenge. */
    public static final Protocol<MinerControl, MinerReply> MINER_CONTROL =
            new Protocol<>("storage/miner-control/1", MinerControl.class, MinerReply.class,
                    StorageLimits.MAX_MESSAGE_SIZE, 256, Duration.ofSeconds(60));
    /** Store: a {@link StoreHeader} then the shard's bytes as a stream. */
    public static final Protocol<StoreHeader, MinerReply> MINER_STORE =
            new Protocol<>("storage/miner-store/1", StoreHeader.class, MinerReply.class,
                    StorageLimits.MAX_MESSAGE_SIZE, 256, Duration.ofSeconds(60));
    /** FetchBlob: a {@link FetchBlob} answered by the shard's bytes as a stream. */
    public static final Protocol<FetchBlob, Void> MINER_FETCH =
            new Protocol<>("storage/miner-fetch/1", FetchBlob.class, Void.class,
                    StorageLimits.MAX_MESSAGE_SIZE, 256, Duration.ofSeconds(60));
    /** Miner to validator: Register, Heartbeat, QueryPgFilesBatch, QueryManifest. */
    public static final Protocol<ValidatorControl, ValidatorReply> VALIDATOR_CONTROL =
            new Protocol<>("storage/validator-control/1", ValidatorControl.class, ValidatorReply.class,
                    StorageLimits.MAX_MESSAGE_SIZE, 256, Duration.ofSeconds(30));

    private StorageProtocols() {
    }
}
