package io.quarry.subnet.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.subnet.crypto.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Bittensor wallet hotkey files: {@code <wallet_path>/<wallet>/hotkeys/<hotkey>}, a JSON object with
 * {@code secretSeed} (0x + 32 bytes hex), {@code publicKey}, {@code accountId} and {@code ss58Address}, as
 * the Bittensor wallet tools write unencrypted hotkeys. Files readable by group or others are refused.
 */
public final class WalletFiles {

    /** Hotkey files larger than this are not hotkey files. */
    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private WalletFiles() {
    }

    /** Where a hotkey file lives. */
    public static Path hotkeyFile(Path wallets, String wallet, String hotkey) {
        return wallets.resolve(wallet).resolve("hotkeys").resolve(hotkey);
    }

    /**
     * Loads a hotkey.
     *
     * @throws WalletException saying what is wrong and what to do
     */
    public static Hotkey load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WalletException("hotkey file " + file + " does not exist; create one with"
                    + " 'quarry subnet wallet new --name WALLET --hotkey HOTKEY'");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                throw new WalletException("hotkey file " + file + " is readable by others ("
                        + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + file);
            }
        } catch (UnsupportedOperationException noPosix) {
            // Non-POSIX file systems have no mode to check.
        } catch (IOException e) {
            throw new WalletException("cannot read hotkey file " + file + ": " + e.getMessage());
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new WalletException("hotkey file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WalletException("cannot read hotkey file " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    /** Parses a hotkey file's content; {@code where} names it in errors. */
    static Hotkey parse(byte[] bytes, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new WalletException("hotkey file " + where + " is not JSON (an encrypted hotkey cannot be used)");
        }
        if (root == null || !root.isObject() || !root.path("secretSeed").isTextual()) {
            throw new WalletException("hotkey file " + where + " has no secretSeed");
        }
        byte[] seed = hex32(root.get("secretSeed").asText(), where, "secretSeed");
        Hotkey hotkey = Hotkey.fromSeed(KeyType.SR25519, seed);
        java.util.Arrays.fill(seed, (byte) 0);
        if (root.path("publicKey").isTextual()
                && !java.util.Arrays.equals(hex32(root.get("publicKey").asText(), where, "publicKey"),
                        hotkey.publicKey())) {
            throw new WalletException("hotkey file " + where + ": publicKey does not belong to secretSeed");
        }
        if (root.path("ss58Address").isTextual() && !root.get("ss58Address").asText().equals(hotkey.ss58())) {
            throw new WalletException("hotkey file " + where + ": ss58Address does not belong to secretSeed");
        }
        return hotkey;
    }

    /**
     * Writes {@code hotkey} as a new file (mode 0600, directories 0700); never overwrites.
     *
     * @throws WalletException when the file exists or cannot be written
     */
    public static void write(Path file, Hotkey hotkey) {
        Map<String, String> content = new LinkedHashMap<>();
        String publicHex = "0x" + HEX.formatHex(hotkey.publicKey());
        content.put("accountId", publicHex);
        content.put("publicKey", publicHex);
        content.put("secretSeed", "0x" + HEX.formatHex(hotkey.secretSeed()));
        content.put("ss58Address", hotkey.ss58());
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new WalletException("hotkey file " + file + " already exists; not overwriting it");
            }
            Path temp = Files.createTempFile(dir, ".hotkey-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, JSON.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new WalletException("hotkey file " + file + " already exists; not overwriting it");
        } catch (IOException e) {
            throw new WalletException("cannot write hotkey file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] hex32(String text, String where, String field) {
        String hex = text.startsWith("0x") ? text.substring(2) : text;
        try {
            byte[] out = HEX.parseHex(hex);
            if (out.length == 32) {
                return out;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new WalletException("hotkey file " + where + ": " + field + " must be 0x followed by 64 hex digits");
    }
}
