package io.quarry.subnet.epistula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.subnet.MinerFixtures;
import io.quarry.subnet.crypto.Ed25519Keys;
import io.quarry.subnet.crypto.KeyType;
import io.quarry.subnet.wallet.Hotkey;
import io.quarry.testing.HostileInput;
import io.quarry.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EpistulaVerifierTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(1_760_000_000_000L);
    private final ReplayGuard replays = new ReplayGuard(100);
    private final String miner = MinerFixtures.address(MinerFixtures.MINER);
    private final Hotkey validator = MinerFixtures.hotkey(MinerFixtures.VALIDATOR);
    private final EpistulaSigner signer = new EpistulaSigner(validator, clock);

    private EpistulaVerifier verifier(boolean legacy) {
        return new EpistulaVerifier(miner, Duration.ofSeconds(8), legacy, clock, replays,
                signer -> signer.equals(MinerFixtures.address(MinerFixtures.STRANGER))
                        ? Optional.of("not a validator") : Optional.empty());
    }

    @Test
    void refusesACallerThatIsNotAValidatorBeforeLookingAtItsSignature() {
        Hotkey stranger = MinerFixtures.hotkey(MinerFixtures.STRANGER);
        var headers = new HashMap<>(new EpistulaSigner(stranger, clock).headers(BODY, Optional.empty()));
        rejected(() -> verifier(false).verify(lookup(headers), BODY), 403, "not a validator");
        headers.put(EpistulaHeaders.SIGNATURE, "0x" + "00".repeat(64));
        rejected(() -> verifier(false).verify(lookup(headers), BODY), 403, "not a validator");
    }

    @Test
    void acceptsAFreshSignedRequestAndNamesTheSigner() {
        SignedRequest signed = verifier(false).verify(lookup(signer.headers(BODY, Optional.of(miner))), BODY);
        assertThat(signed.hotkey()).isEqualTo(validator.ss58());
        assertThat(signed.keyType()).isEqualTo(KeyType.SR25519);
        assertThat(signed.legacy()).isFalse();
        assertThat(signed.replayUntilMillis()).isGreaterThan(clock.millis());
    }

    @Test
    void acceptsEd25519Signers() {
        Hotkey ed = Hotkey.fromSeed(KeyType.ED25519, MinerFixtures.seed(30));
        var headers = new EpistulaSigner(ed, clock).headers(BODY, Optional.empty());
        assertThat(verifier(false).verify(lookup(headers), BODY).keyType()).isEqualTo(KeyType.ED25519);
        assertThat(Ed25519Keys.publicKey(MinerFixtures.seed(30))).isEqualTo(ed.publicKey());
    }

    @Test
    void freshnessWindowIsEightSecondsEitherWay() {
        var headers = signer.headers(BODY, Optional.empty());
        clock.advance(Duration.ofMillis(8000));
        assertThat(verifier(false).verify(lookup(headers), BODY)).isNotNull();
        clock.advance(Duration.ofMillis(1));
        rejected(() -> verifier(false).verify(lookup(headers), BODY), 401, "stale");
        var future = signer.headers(BODY, Optional.empty(), java.util.UUID.randomUUID().toString(),
                clock.millis() + 8001);
        rejected(() -> verifier(false).verify(lookup(future), BODY), 401, "stale");
    }

    @Test
    void refusesRememberedRequests() {
        var headers = signer.headers(BODY, Optional.empty());
        SignedRequest first = verifier(false).verify(lookup(headers), BODY);
        assertThat(replays.remember(first.replayKey(), first.replayUntilMillis(), clock.millis()))
                .isEqualTo(ReplayGuard.Outcome.REMEMBERED);
        rejected(() -> verifier(false).verify(lookup(headers), BODY), 401, "replayed");
    }

    @Test
    void signedForMustBeThisMiner() {
        var headers = signer.headers(BODY, Optional.of(MinerFixtures.address(MinerFixtures.STRANGER)));
        rejected(() -> verifier(false).verify(lookup(headers), BODY), 401, "signed for");
    }

    @Test
    void tamperedBodyOrHeadersDoNotVerify() {
        var headers = signer.headers(BODY, Optional.empty());
        rejected(() -> verifier(false).verify(lookup(headers), "{\"a\":2}".getBytes()), 401, "signature");
        var otherUuid = new HashMap<>(headers);
        otherUuid.put(EpistulaHeaders.UUID, java.util.UUID.randomUUID().toString());
        rejected(() -> verifier(false).verify(lookup(otherUuid), BODY), 401, "signature");
        var otherSigner = new HashMap<>(headers);
        otherSigner.put(EpistulaHeaders.SIGNED_BY, MinerFixtures.address(MinerFixtures.BURSTY));
        rejected(() -> verifier(false).verify(lookup(otherSigner), BODY), 401, "signature");
        var addedSignedFor = new HashMap<>(headers);
        addedSignedFor.put(EpistulaHeaders.SIGNED_FOR, miner);
        rejected(() -> verifier(false).verify(lookup(addedSignedFor), BODY), 401, "signature");
    }

    @Test
    void malformedOrMissingHeadersAreBadRequests() {
        var good = signer.headers(BODY, Optional.empty());
        for (String header : List.of(EpistulaHeaders.VERSION, EpistulaHeaders.TIMESTAMP, EpistulaHeaders.UUID,
                EpistulaHeaders.SIGNED_BY, EpistulaHeaders.SIGNATURE)) {
            var missing = new HashMap<>(good);
            missing.remove(header);
            rejected(() -> verifier(false).verify(lookup(missing), BODY), 400, header);
        }
        Map<String, String> bad = Map.of(EpistulaHeaders.VERSION, "3", EpistulaHeaders.TIMESTAMP, "12a",
                EpistulaHeaders.UUID, "not-a-uuid", EpistulaHeaders.SIGNED_BY, "5Nope",
                EpistulaHeaders.SIGNATURE, "0x1234");
        bad.forEach((header, value) -> {
            var broken = new HashMap<>(good);
            broken.put(header, value);
            rejected(() -> verifier(false).verify(lookup(broken), BODY), 400, header);
        });
    }

    @Test
    void legacyHeadersOnlyWhenEnabled() {
        var legacy = signer.legacyHeaders(BODY);
        rejected(() -> verifier(false).verify(lookup(legacy), BODY), 400, "X-Epistula");
        SignedRequest signed = verifier(true).verify(lookup(legacy), BODY);
        assertThat(signed.legacy()).isTrue();
        assertThat(signed.hotkey()).isEqualTo(validator.ss58());
        clock.advance(Duration.ofSeconds(61));
        rejected(() -> verifier(true).verify(lookup(legacy), BODY), 401, "stale");
    }

    @Test
    void hostileHeadersAreRefusedWithAClientStatusNeverAnotherException() {
        var good = signer.headers(BODY, Optional.of(miner));
        // Nineteen digits pass the shape check but not every such number fits a long.
        for (String overflow : List.of("9999999999999999999", "9223372036854775808")) {
            var v2 = new HashMap<>(good);
            v2.put(EpistulaHeaders.TIMESTAMP, overflow);
            rejected(() -> verifier(false).verify(lookup(v2), BODY), 400, EpistulaHeaders.TIMESTAMP + " is out of range");
            var legacy = new HashMap<>(signer.legacyHeaders(BODY));
            legacy.put(EpistulaHeaders.LEGACY_TIMESTAMP, overflow);
            rejected(() -> verifier(true).verify(lookup(legacy), BODY), 400,
                    EpistulaHeaders.LEGACY_TIMESTAMP + " is out of range");
        }
        List<byte[]> samples = good.values().stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
        int cases = HostileInput.cases(400);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            var headers = new HashMap<>(good);
            String name = in.oneOf(good.keySet().toArray(String[]::new));
            headers.put(name, in.oneOf(in.text(300), new String(in.mutate(samples), StandardCharsets.UTF_8)));
            byte[] body = in.oneOf(BODY, in.noise(64));
            try {
                verifier(i % 2 == 0).verify(lookup(headers), body);
            } catch (EpistulaRejection e) {
                assertThat(e.status()).isIn(400, 401, 403);
                assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(400);
            }
        }
    }

    private static void rejected(ThrowingCallable call, int status, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EpistulaRejection.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).containsIgnoringCase(reason);
        });
    }

    private static Function<String, Optional<String>> lookup(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return name -> Optional.ofNullable(lower.get(name.toLowerCase(Locale.ROOT)));
    }
}
