package io.quarry.storage.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.StripeRef;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The redundancy report of {@code GET cluster} claims a shard held only on evidence: a push at upload that every
 * miner took, under the map still in force, to a miner that has not registered again since; or a complete
 * rebalancing pass. Neither a validator restart nor a miner that comes back empty passes for evidence.
 */
class RedundancyReportTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    final TestKeys miner = TestKeys.generate();

    Membership membership(long lastEpoch, AtomicLong stored) {
        Membership membership = new Membership(clock, 8, 2, 1, Set.of(), true);
        membership.resumeEpochs(lastEpoch, stored::set);
        return membership;
    }

    void register(Membership membership) {
        long now = clock.millis();
        membership.register(miner.nodeId(), new ValidatorControl.Register("f", 0, 0, "127.0.0.1", 7000, now,
                miner.sign(CommandSignatures.register(miner.nodeId(), now))));
    }

    void reportPass(Membership membership, long epoch, long startedAt, long missing) {
        long now = clock.millis();
        membership.heartbeat(miner.nodeId(), new ValidatorControl.Heartbeat(0, 0, 0, epoch, now,
                miner.sign(CommandSignatures.heartbeat(miner.nodeId(), now)), epoch, startedAt, missing));
    }

    /** A one-stripe file placed under {@code membership}'s current map, as the gateway writes it. */
    Manifest upload(Membership membership, boolean pushedInFull) {
        CrushPlacement placement = membership.placement().orElseThrow();
        long started = clock.millis();
        clock.advance(Duration.ofMillis(5));
        String fileId = "ab".repeat(32);
        List<String> shards = new ArrayList<>(List.of("01".repeat(32), "02".repeat(32), "03".repeat(32)));
        return new Manifest(fileId, 10, 2 << 20, 2, 1, placement.map().epoch(), clock.millis(),
                List.of(new StripeRef(fileId, 0, placement.pgOf(fileId, 0), 5, shards)), List.of(), started,
                pushedInFull);
    }

    static Map<String, Object> report(Manifest manifest, Membership membership) {
        return ValidatorRuntime.redundancy(List.of(manifest), membership).get(0);
    }

    @Test
    void aFullPushUnderTheCurrentMapCountsAndAShortOneWaitsForARebalancingPass() {
        Membership membership = membership(0, new AtomicLong());
        register(membership);
        clock.advance(Duration.ofSeconds(1));
        Manifest full = upload(membership, true);
        assertThat(report(full, membership)).containsEntry("fewestShardsHeld", 3).containsEntry("fullRedundancy", true);

        Manifest shortOne = upload(membership, false);
        assertThat(report(shortOne, membership)).containsEntry("fewestShardsHeld", 0)
                .containsEntry("fullRedundancy", false);
        clock.advance(Duration.ofSeconds(1));
        reportPass(membership, membership.epoch(), clock.millis(), 0);
        assertThat(report(shortOne, membership)).containsEntry("fullRedundancy", true);
    }

    @Test
    void aMinerThatRegistersAgainAfterTheUploadNoLongerCountsThroughThePush() {
        Membership membership = membership(0, new AtomicLong());
        register(membership);
        clock.advance(Duration.ofSeconds(1));
        Manifest manifest = upload(membership, true);
        long epoch = membership.epoch();
        assertThat(report(manifest, membership)).containsEntry("fullRedundancy", true);

        // It restarts on an empty disk and registers again: same online set, same map, yet nothing is known held.
        clock.advance(Duration.ofSeconds(1));
        register(membership);
        assertThat(membership.epoch()).isEqualTo(epoch);
        assertThat(report(manifest, membership)).containsEntry("fewestShardsHeld", 0)
                .containsEntry("fullRedundancy", false);
        // Its next complete pass is evidence again.
        clock.advance(Duration.ofSeconds(1));
        reportPass(membership, epoch, clock.millis(), 0);
        assertThat(report(manifest, membership)).containsEntry("fullRedundancy", true);
    }

    @Test
    void afterAValidatorRestartTheEpochsContinueAndOlderFilesNeedEvidence() {
        AtomicLong stored = new AtomicLong();
        Membership before = membership(0, stored);
        register(before);
        clock.advance(Duration.ofSeconds(1));
        Manifest manifest = upload(before, true);
        assertThat(manifest.epoch()).isOne();
        assertThat(stored.get()).as("every adopted epoch is handed to the store").isOne();

        // The validator restarts with its stored epoch; the miner registers again, with its shards or without.
        clock.advance(Duration.ofSeconds(1));
        Membership after = membership(stored.get(), stored);
        register(after);
        assertThat(after.epoch()).isEqualTo(2);
        assertThat(stored.get()).isEqualTo(2);
        assertThat(report(manifest, after)).containsEntry("fewestShardsHeld", 0).containsEntry("fullRedundancy", false);
        // A pass reported under the old map's epoch number is not one of the current map either.
        reportPass(after, 1, clock.millis(), 0);
        assertThat(report(manifest, after)).containsEntry("fullRedundancy", false);
        clock.advance(Duration.ofSeconds(1));
        reportPass(after, 2, clock.millis(), 0);
        assertThat(report(manifest, after)).containsEntry("fullRedundancy", true);
    }

    @Test
    void aManifestWrittenBeforeThePushFieldsClaimsNothingOnItsOwn() throws Exception {
        Membership membership = membership(0, new AtomicLong());
        register(membership);
        clock.advance(Duration.ofSeconds(1));
        Manifest current = upload(membership, true);
        // The same manifest as JSON without the two fields, as an older validator stored it.
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = json.valueToTree(current);
        tree.remove("pushStartedAtMillis");
        tree.remove("pushedInFull");
        Manifest old = json.treeToValue(tree, Manifest.class);
        assertThat(old.pushedInFull()).isFalse();
        assertThat(old.pushStartedAtMillis()).isZero();
        assertThat(report(old, membership)).containsEntry("fullRedundancy", false);
    }
}
