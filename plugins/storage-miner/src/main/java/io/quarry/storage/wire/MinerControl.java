package io.quarry.storage.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Requests on {@code storage/miner-control/1}, sent to a miner by its validator, its wardens or (FetchBlob)
 * anyone. On the wire each is a CBOR map whose {@code "type"} names the message. Store and FetchBlob carry
 * shard bodies, so they travel on the companion stream protocols ({@link StorageProtocols}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MinerControl.Delete.class, name = "Delete"),
    @JsonSubTypes.Type(value = MinerControl.PullFromPeer.class, name = "PullFromPeer"),
    @JsonSubTypes.Type(value = MinerControl.ClusterMapUpdate.class, name = "ClusterMapUpdate"),
    @JsonSubTypes.Type(value = MinerControl.PosChallenge.class, name = "PosChallenge"),
})
public sealed interface MinerControl {

    /**
     * Delete a shard. From the validator only.
     *
     * @param hash the shard id
     * @param signature the validator's Ed25519 signature over {@code DELETE:{hash}}
     */
    record Delete(String hash, byte[] signature) implements MinerControl {
    }

    /**
     * Fetch a shard from one of {@code sources} (in order) and store it. From the validator only.
     *
     * @param hash the shard id
     * @param size its length in bytes
     * @param sources miners that should hold it
     * @param signature the validator's Ed25519 signature over {@code PULL:{hash}}
     */
    record PullFromPeer(String hash, long size, List<PeerRef> sources, byte[] signature) implements MinerControl {
    }

    /**
     * A new cluster map and the wardens allowed to challenge. From the validator only.
     *
     * @param map the map
     * @param wardens node ids that may send PosChallenge besides the validator
     */
    record ClusterMapUpdate(WireClusterMap map, List<String> wardens) implements MinerControl {
    }

    /**
     * Prove the shard {@code hash} is stored: open the 1 KiB chunks {@code chunkIndices} with their Merkle paths.
     * From the validator or a warden it named.
     *
     * @param hash the shard id
     * @param chunkIndices the chunks to open, at most {@link PosProof#MAX_CHUNKS}
     * @param nonce 32 fresh random bytes the answer is bound to
     * @param expectedRoot the shard's Merkle root, as the validator recorded it at upload
     */
    record PosChallenge(String hash, List<Integer> chunkIndices, byte[] nonce, byte[] expectedRoot)
            implements MinerControl {
    }
}
