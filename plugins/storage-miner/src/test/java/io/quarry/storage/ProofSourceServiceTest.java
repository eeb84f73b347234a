package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.api.proof.StorageSample;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another plugin on the same node finds the storage plugin's {@link StorageProofSource} through the kernel's
 * service registry (as poies-miner does) and gets proofs over real stored shards that satisfy the API's rules.
 */
class ProofSourceServiceTest {

    @TempDir
    Path dir;

    /** Stands in for a consumer such as poies-miner: keeps its context to look the service up. */
    static final class Consumer implements QuarryPlugin {
        NodeContext context;

        @Override
        public ConfigSpec<?> configSpec() {
            return ConfigSpec.none();
        }

        @Override
        public void init(NodeContext context) {
            this.context = context;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    @Test
    @SuppressWarnings("try") // the node runs for the duration of the block
    void consumerOnTheSameNodeProvesStoredShards() throws Exception {
        Consumer consumer = new Consumer();
        StorageMinerPlugin[] storage = new StorageMinerPlugin[1];
        // A miner in a cluster (its validator is not running here: registration just keeps retrying).
        try (TestNode node = TestNode.builder(dir)
                .plugin("storage-miner", () -> storage[0] = new StorageMinerPlugin())
                .plugin("proof-consumer", () -> consumer)
                .set("storage-miner.validator_node_id", "\"" + "ab".repeat(32) + "\"")
                .set("storage-miner.validator_address", "\"127.0.0.1:9\"")
                .start()) {
            StorageProofSource source = consumer.context.service(StorageProofSource.class).orElseThrow();
            StorageChallenge challenge = new StorageChallenge(new byte[32], 8);
            assertThat(source.prove(challenge)).as("nothing stored yet").isEmpty();

            byte[] shard = new byte[5000];
            new Random(4).nextBytes(shard);
            storage[0].minerService().orElseThrow().shards().put(shard);
            byte[] seed = new byte[32];
            new Random(5).nextBytes(seed);
            challenge = new StorageChallenge(seed, 8);
            StorageProof proof = source.prove(challenge).orElseThrow();
            assertThat(proof.source()).isEqualTo("storage-miner");
            assertThat(proof.leafCount()).isEqualTo(8);
            assertThat(proof.leafSize()).isEqualTo(1024);
            assertThat(verify(challenge, proof)).isTrue();
            // The leaves are the stored bytes.
            StorageSample first = proof.samples().get(0);
            int from = (int) first.index() * 1024;
            byte[] expected = Arrays.copyOf(Arrays.copyOfRange(shard, Math.min(from, shard.length),
                    Math.min(from + 1024, shard.length)), 1024);
            assertThat(first.leaf()).isEqualTo(expected);

            // With more shards stored, one proof covers them all (in id order from the seed's pick), so its
            // leaves are the shards' bytes.
            for (int i = 0; i < 3; i++) {
                byte[] more = new byte[300_000];
                new Random(10 + i).nextBytes(more);
                storage[0].minerService().orElseThrow().shards().put(more);
            }
            StorageProof bigger = source.prove(challenge).orElseThrow();
            assertThat(bigger.leafCount()).isEqualTo(1024);
            assertThat(verify(challenge, bigger)).isTrue();
        }
    }

    @Test
    void standAloneMinerOffersNoProofSource() {
        Consumer consumer = new Consumer();
        try (TestNode node = TestNode.builder(dir)
                .plugin("storage-miner", StorageMinerPlugin::new)
                .plugin("proof-consumer", () -> consumer)
                .start()) {
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
            assertThat(consumer.context.service(StorageProofSource.class)).isEmpty();
        }
    }

    /** The checks StorageProof's Javadoc lists for a verifier. */
    static boolean verify(StorageChallenge challenge, StorageProof proof) {
        if (proof.samples().size() != challenge.samples()) {
            return false;
        }
        for (int i = 0; i < proof.samples().size(); i++) {
            StorageSample sample = proof.samples().get(i);
            if (sample.index() != challenge.sampleIndex(proof.root(), i, proof.leafCount())
                    || sample.leaf().length != proof.leafSize()) {
                return false;
            }
            byte[] node = StorageProof.leafHash(sample.index(), sample.leaf());
            long at = sample.index();
            for (byte[] sibling : sample.siblings()) {
                node = (at & 1) == 0 ? StorageProof.nodeHash(node, sibling) : StorageProof.nodeHash(sibling, node);
                at >>= 1;
            }
            if (!Arrays.equals(node, proof.root())) {
                return false;
            }
        }
        return true;
    }
}
