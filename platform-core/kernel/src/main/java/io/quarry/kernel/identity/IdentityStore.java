package io.quarry.kernel.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the node keeps its identity: {@code <data_dir>/identity/} (mode 0700) holding {@code node.key}, the
 * Ed25519 private key as PKCS#8 PEM, and {@code api-token}, 32 random bytes as 64 lowercase hex characters
 * and a newline. Both files are created with mode 0600. Thread-safe within one process.
 */
public final class IdentityStore {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);

    /** The identity directory's name inside the data directory. */
    public static final String DIRECTORY = "identity";
    /** The private key file's name inside the identity directory. */
    public static final String KEY_FILE = "node.key";
    /** The API token file's name inside the identity directory. */
    public static final String API_TOKEN_FILE = "api-token";

    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;

    public IdentityStore(Path dataDir) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The identity directory, {@code <data_dir>/identity}. */
    public Path directory() {
        return dataDir.resolve(DIRECTORY);
    }

    /** The private key file, {@code <data_dir>/identity/node.key}. */
    public Path keyFile() {
        return directory().resolve(KEY_FILE);
    }

    /** The API token file, {@code <data_dir>/identity/api-token}. */
    public Path apiTokenFile() {
        return directory().resolve(API_TOKEN_FILE);
    }

    /** Whether a node key exists (whether or not it is valid). */
    public boolean exists() {
        return Files.exists(keyFile());
    }

    /**
     * Generates a new node key and writes it.
     *
     * @throws IdentityException when an identity already exists or the key cannot be written
     */
    public synchronized NodeIdentity create() {
        if (exists()) {
            throw new IdentityException("an identity already exists at " + keyFile()
                    + "; refusing to overwrite it (remove it by hand, or use `quarry identity restore FILE --force`)");
        }
        var pair = NodeIdentity.newKeyPair();
        try {
            OwnerOnlyFiles.createDirectory(directory());
            OwnerOnlyFiles.writeAtomically(keyFile(), Pkcs8Pem.encode(pair.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new IdentityException("cannot write the node key " + keyFile() + ": " + e
                    + "; check that the data directory is writable", e);
        }
        NodeIdentity identity = NodeIdentity.fromKeyPair(pair);
        LOG.info("created node identity {} in {}", identity.nodeId(), directory());
        return identity;
    }

    /**
     * Reads the node key, warning when the file is readable by anyone but its owner.
     *
     * @throws IdentityException when the key is missing or not a valid Ed25519 PKCS#8 PEM key
     */
    public NodeIdentity load() {
        Path file = keyFile();
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IdentityException("no node identity at " + file + "; run `quarry init` to create one, or "
                    + "restore a backup with `quarry identity restore FILE`", e);
        } catch (IOException e) {
            throw new IdentityException("cannot read the node key " + file + ": " + e, e);
        }
        OwnerOnlyFiles.warnIfWiderThanOwner(file);
        try {
            return parseKey(pem);
        } catch (IdentityException e) {
            throw new IdentityException("the node key " + file + " is corrupt (" + e.getMessage() + "); restore it "
                    + "from a backup with `quarry identity restore FILE --force`", e);
        }
    }

    /** Loads the identity, creating it first when there is none. */
    public synchronized NodeIdentity loadOrCreate() {
        return exists() ? load() : create();
    }

    /**
     * The API token that guards mutating HTTP routes, created on first use.
     *
     * @throws IdentityException when the token file is unreadable or malformed
     */
    public synchronized String apiToken() {
        Path file = apiTokenFile();
        try {
            if (Files.exists(file)) {
                OwnerOnlyFiles.warnIfWiderThanOwner(file);
                return parseApiToken(Files.readAllBytes(file), file.toString());
            }
            byte[] secret = new byte[TOKEN_BYTES];
            RANDOM.nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            OwnerOnlyFiles.createDirectory(directory());
            OwnerOnlyFiles.writeAtomically(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
            LOG.info("created the API token in {}", file);
            return token;
        } catch (IOException e) {
            throw new IdentityException("cannot read or write the API token " + file + ": " + e, e);
        }
    }

    /** Parses node.key content; shared with {@link IdentityArchive} so a restore accepts exactly what load does. */
    static NodeIdentity parseKey(byte[] pem) {
        byte[] der;
        try {
            der = Pkcs8Pem.decode(pem);
        } catch (IllegalArgumentException e) {
            throw new IdentityException("not PKCS#8 PEM: " + e.getMessage(), e);
        }
        return NodeIdentity.fromPkcs8(der);
    }

    /** Parses api-token content: 64 lowercase hex characters, surrounding whitespace ignored. */
    static String parseApiToken(byte[] content, String source) {
        String token = new String(content, StandardCharsets.US_ASCII).strip();
        if (token.length() != 2 * TOKEN_BYTES
                || !token.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IdentityException("the API token in " + source + " is not 64 lowercase hex characters; "
                    + "delete the file and restart to generate a new one");
        }
        return token;
    }
}
