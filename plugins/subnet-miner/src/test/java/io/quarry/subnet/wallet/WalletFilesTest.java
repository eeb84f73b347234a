package io.quarry.subnet.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.subnet.MinerFixtures;
import io.quarry.testing.HostileInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesABittensorHotkeyFileOnlyTheOwnerCanReadAndLoadsItBack() throws Exception {
        Path file = WalletFiles.hotkeyFile(dir, "miner", "default");
        Hotkey hotkey = Hotkey.generate();
        WalletFiles.write(file, hotkey);
        assertThat(file).isEqualTo(dir.resolve("miner/hotkeys/default"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String json = Files.readString(file);
        assertThat(json).contains("\"secretSeed\":\"0x", "\"publicKey\":\"0x", "\"ss58Address\":\"" + hotkey.ss58());
        assertThat(WalletFiles.load(file).ss58()).isEqualTo(hotkey.ss58());
        assertThatThrownBy(() -> WalletFiles.write(file, Hotkey.generate())).hasMessageContaining("already exists");
    }

    @Test
    void refusesFilesOthersCanRead() throws Exception {
        Path file = WalletFiles.hotkeyFile(dir, "miner", "default");
        WalletFiles.write(file, Hotkey.generate());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> WalletFiles.load(file)).hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> WalletFiles.load(file)).hasMessageContaining("readable by others");
    }

    @Test
    void readsTheSeedTheWayBittensorWritesItAndChecksTheRest() {
        String seed = MinerFixtures.seedHex(MinerFixtures.VALIDATOR);
        String address = MinerFixtures.address(MinerFixtures.VALIDATOR);
        Hotkey hotkey = WalletFiles.parse(bytes("{\"secretSeed\":\"" + seed + "\",\"ss58Address\":\"" + address
                + "\",\"secretPhrase\":null}"), "f");
        assertThat(hotkey.ss58()).isEqualTo(address);
        assertThatThrownBy(() -> WalletFiles.parse(bytes("{\"secretSeed\":\"" + seed + "\",\"ss58Address\":\""
                + MinerFixtures.address(MinerFixtures.MINER) + "\"}"), "f")).hasMessageContaining("ss58Address");
        assertThatThrownBy(() -> WalletFiles.parse(bytes("{\"secretSeed\":\"0x12\"}"), "f"))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> WalletFiles.parse(bytes("$NACL encrypted"), "f")).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> WalletFiles.load(dir.resolve("none"))).hasMessageContaining("wallet new");
        assertThat(hotkey.toString()).doesNotContain(seed.substring(2));
    }

    @Test
    void hostileFilesFailWithAWalletExceptionOnly() {
        List<byte[]> samples = List.of(bytes("{\"secretSeed\":\"" + MinerFixtures.seedHex(3) + "\",\"publicKey\":\"0x"
                + java.util.HexFormat.of().formatHex(MinerFixtures.hotkey(3).publicKey()) + "\"}"));
        for (int i = 0; i < HostileInput.cases(300); i++) {
            HostileInput in = HostileInput.forCase(i);
            try {
                assertThat(WalletFiles.parse(in.oneOf(in.mutate(samples), in.noise(200)), "f").ss58()).startsWith("5");
            } catch (WalletException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
