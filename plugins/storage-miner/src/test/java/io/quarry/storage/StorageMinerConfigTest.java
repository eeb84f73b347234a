package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageMinerConfigTest {

    static final Path REPO = Path.of("../..");
    static final StorageMinerConfig D = StorageMinerConfig.SPEC.defaults();

    static StorageMinerConfig with(List<String> roles, String validatorId, String address, String family) {
        return new StorageMinerConfig(roles, validatorId, address, family, D.storagePath(), D.maxStorageGb(),
                D.dataShards(), D.parityShards(), D.pgCount(), D.allowedFamilies(), D.heartbeatIntervalSecs(),
                D.registrationRetrySecs(), D.initialBackoffSecs(), D.maxBackoffSecs(), D.storeConcurrency(),
                D.pullConcurrency(), D.fetchConcurrency(), D.posConcurrency(), D.rebalanceEnabled(),
                D.rebalanceTickSecs(), D.epochLookback(), D.httpEnabled(), D.challengeIntervalSecs(), D.wardens(),
                D.allowColocatedShards(), D.offlineAfterSecs());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(D.roles()).containsExactly("miner");
        assertThat(D.dataShards()).isEqualTo(10);
        assertThat(D.parityShards()).isEqualTo(20);
        assertThat(D.storeConcurrency()).isEqualTo(64);
        assertThat(D.pullConcurrency()).isEqualTo(32);
        assertThat(D.fetchConcurrency()).isEqualTo(256);
        assertThat(D.posConcurrency()).isEqualTo(2);
        assertThat(D.httpEnabled()).isFalse();
        assertThat(D.validatorPeer()).isEmpty();
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        String id = "ab".repeat(32);
        assertThatThrownBy(() -> with(List.of("gateway"), "", "", "f")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("roles"));
        assertThatThrownBy(() -> with(List.of("miner"), "xyz", "", "f")).hasMessageContaining("validator_node_id");
        assertThatThrownBy(() -> with(List.of("miner"), id, "", "f")).hasMessageContaining("validator_address");
        assertThatThrownBy(() -> with(List.of("miner"), id, "127.0.0.1", "f")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> with(List.of("miner"), id, "127.0.0.1:70000", "f")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> with(List.of("miner"), "", "", "no spaces")).hasMessageContaining("family_id");
        assertThatThrownBy(() -> new StorageMinerConfig(D.roles(), "", "", "f", "", 0, 1, 1, 8, List.of(), 1, 1, 1, 1,
                1, 1, 1, 1, true, 1, 1, false, 0, List.of("nothex"), false, 120)).hasMessageContaining("wardens");
        StorageMinerConfig ok = with(List.of("miner", "validator"), id, "[::1]:7000", "rack-1");
        assertThat(ok.validatorPeer()).hasValueSatisfying(peer -> {
            assertThat(peer.host()).isEqualTo("::1");
            assertThat(peer.port()).isEqualTo(7000);
        });
        assertThat(ok.isMiner()).isTrue();
        assertThat(ok.isValidator()).isTrue();
    }

    @Test
    void aNodeWithBothRolesNamingItselfAsValidatorNeedsNoAddress() {
        String own = "ab".repeat(32);
        String other = "cd".repeat(32);
        StorageMinerConfig self = with(List.of("miner", "validator"), own, "", "f");
        self.checkValidatorAddress(own);
        assertThat(self.ownValidator(own)).isTrue();
        // Both roles, but another node named as validator: that one must be reachable.
        StorageMinerConfig elsewhere = with(List.of("miner", "validator"), other, "", "f");
        assertThat(elsewhere.ownValidator(own)).isFalse();
        assertThatThrownBy(() -> elsewhere.checkValidatorAddress(own)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("validator_address"));
        with(List.of("miner", "validator"), other, "127.0.0.1:7000", "f").checkValidatorAddress(own);
        // A miner alone is refused at once: it cannot be its own validator.
        assertThatThrownBy(() -> with(List.of("miner"), own, "", "f")).hasMessageContaining("validator_address");
    }

    @Test
    void exampleDocumentsEveryKey() throws Exception {
        String text = Files.readString(REPO.resolve("config/quarry.example.toml"));
        int start = text.indexOf("\n[storage-miner]\n");
        assertThat(start).isNotNegative();
        String docs = Files.readString(REPO.resolve("docs/plugins.md"));
        for (RecordComponent c : StorageMinerConfig.class.getRecordComponents()) {
            String key = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            assertThat(text.substring(start)).as("storage-miner.%s in the example", key).containsPattern("(?m)^" + key + " = ");
            assertThat(docs).as("storage-miner.%s in docs/plugins.md", key).contains("`" + key + "`");
        }
    }
}
