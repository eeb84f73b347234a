package io.quarry.storage.validator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.StripeRef;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import io.quarry.testing.HostileInput;
import io.quarry.testing.MutableClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** validator-control in memory: queries for registered miners only, paging, counters, hostile messages. */
class ValidatorServiceTest {

    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final Membership membership = new Membership(clock, 8, 1, 1, Set.of());
    final MemoryManifestStore manifests = new MemoryManifestStore();
    final PgIndex index = new PgIndex();
    final StorageMetrics metrics = new StorageMetrics(new SimpleMeterRegistry());
    final ValidatorService service = new ValidatorService(membership, manifests, index, metrics);
    final TestKeys miner = TestKeys.generate();

    void registerMiner() {
        long now = clock.millis();
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.Register("f1", 0, 0, "127.0.0.1", 7000, now,
                miner.sign(CommandSignatures.register(miner.nodeId(), now))))).isInstanceOf(ValidatorReply.Registered.class);
    }

    Manifest manifest(String fileId, int stripes) {
        List<StripeRef> refs = new ArrayList<>();
        for (int s = 0; s < stripes; s++) {
            refs.add(new StripeRef(fileId, s, s % 2, 10, List.of("a".repeat(64), "b".repeat(64))));
        }
        return new Manifest(fileId, 20L * stripes, 2 << 20, 1, 1, 1, 0, refs, List.of(), 0, false);
    }

    @Test
    void onlyRegisteredMinersMayQueryAndPagesAreComplete() {
        Manifest manifest = manifest("c".repeat(64), 450);
        manifests.put(manifest);
        index.add(manifest);
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.QueryPgFilesBatch(List.of(0, 1), 0)))
                .isInstanceOfSatisfying(ValidatorReply.Refused.class, r -> assertThat(r.code()).isEqualTo("FORBIDDEN"));
        assertThat(metrics.count("quarry.storage.refused", "op", "QueryPgFilesBatch", "code", "FORBIDDEN")).isOne();
        registerMiner();
        List<StripeRef> all = new ArrayList<>();
        int offset = 0;
        while (offset >= 0) {
            var page = (ValidatorReply.PgFiles) service.handle(miner.nodeId(), new ValidatorControl.QueryPgFilesBatch(List.of(0, 1), offset));
            assertThat(page.stripes().size()).isLessThanOrEqualTo(ValidatorService.PAGE);
            all.addAll(page.stripes());
            offset = page.next();
        }
        assertThat(all).hasSize(450).doesNotHaveDuplicates();
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.QueryManifest("c".repeat(64))))
                .isEqualTo(new ValidatorReply.ManifestReply(manifest));
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.QueryManifest("../etc")))
                .isInstanceOfSatisfying(ValidatorReply.Refused.class, r -> assertThat(r.code()).isEqualTo("BAD_REQUEST"));
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.QueryPgFilesBatch(List.of(), 0)))
                .isInstanceOf(ValidatorReply.Refused.class);
    }

    @Test
    void staleOrForgedRegistrationsAreRefusedWithReasonsAndCounted() {
        long stale = clock.millis() - 301_000;
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.Register("f1", 0, 0, "127.0.0.1", 7000, stale,
                miner.sign(CommandSignatures.register(miner.nodeId(), stale))))).isInstanceOfSatisfying(ValidatorReply.Refused.class,
                r -> assertThat(r.reason()).contains("from now"));
        assertThat(metrics.count("quarry.storage.refused", "op", "Register", "code", "STALE_TIMESTAMP")).isOne();
        long now = clock.millis();
        TestKeys forger = TestKeys.generate();
        assertThat(service.handle(miner.nodeId(), new ValidatorControl.Register("f1", 0, 0, "127.0.0.1", 7000, now,
                forger.sign(CommandSignatures.register(miner.nodeId(), now))))).isInstanceOf(ValidatorReply.Refused.class);
        assertThat(metrics.count("quarry.storage.refused", "op", "Register", "code", "BAD_SIGNATURE")).isOne();
        assertThat(membership.miners()).isEmpty();
    }

    @Test
    void hostileMessagesGetRefusalsNeverRegistrations() throws IOException {
        ObjectMapper cbor = CBORMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        long now = clock.millis();
        TestKeys stranger = TestKeys.generate();
        List<byte[]> samples = new ArrayList<>();
        var writer = cbor.writerFor(ValidatorControl.class);
        samples.add(writer.writeValueAsBytes(new ValidatorControl.Register("f1", 1, 1, "127.0.0.1", 7000, now,
                miner.sign(CommandSignatures.register(miner.nodeId(), now)))));
        samples.add(writer.writeValueAsBytes(new ValidatorControl.Heartbeat(1, 1, 1, 1, now,
                miner.sign(CommandSignatures.heartbeat(miner.nodeId(), now)))));
        samples.add(writer.writeValueAsBytes(new ValidatorControl.QueryPgFilesBatch(List.of(1, 2), 0)));
        samples.add(writer.writeValueAsBytes(new ValidatorControl.QueryManifest("c".repeat(64))));
        int decoded = 0;
        for (int i = 0; i < HostileInput.cases(500); i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] bytes = input.nextInt(4) == 0 ? input.noise(300) : input.mutate(samples);
            ValidatorControl message;
            try {
                message = cbor.readValue(bytes, ValidatorControl.class);
            } catch (IOException | RuntimeException undecodable) {
                continue;
            }
            decoded++;
            // Sent by a node that signed nothing: whatever the bytes say, nobody gets registered.
            ValidatorReply reply = service.handle(stranger.nodeId(), message);
            assertThat(reply).as("case %d", i).isNotInstanceOf(ValidatorReply.PgFiles.class);
            if (reply instanceof ValidatorReply.Registered registered) {
                assertThat(registered.status()).as("case %d", i).isNotEqualTo("OK");
            }
        }
        assertThat(decoded).isPositive();
        assertThat(membership.miners()).isEmpty();
    }
}
