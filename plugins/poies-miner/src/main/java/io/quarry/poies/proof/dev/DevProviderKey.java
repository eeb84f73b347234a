package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.attest.AttestationSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in dev provider's Ed25519 key: generated once per node into {@value #FILE_NAME} in the plugin's
 * data directory, as the raw 32-byte private seed, created with mode 0600 (the mode is given at creation, so
 * the key is never readable by others). The dev policy allowlists it as
 * {@link io.quarry.poies.policy.ProviderKeyResolver#LOCAL_DEV_PROVIDER}. The seed is never logged.
 */
public final class DevProviderKey implements AttestationSigner {

    private static final Logger LOG = LoggerFactory.getLogger(DevProviderKey.class);

    /** File name of the key inside the directory given to {@link #loadOrCreate}. */
    public static final String FILE_NAME = "dev-provider.key";

    private static final int SEED_LENGTH = Ed25519PrivateKeyParameters.KEY_SIZE;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Ed25519PrivateKeyParameters key;
    private final Bytes publicKey;

    private DevProviderKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.publicKey = Bytes.of(key.generatePublicKey().getEncoded());
    }

    /**
     * Loads the key from {@code dir}, generating and saving a new one when there is none.
     *
     * @throws UncheckedIOException when the file cannot be read or written, or is not a 32-byte key
     */
    public static DevProviderKey loadOrCreate(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path file = dir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                byte[] seed = Files.readAllBytes(file);
                if (seed.length != SEED_LENGTH) {
                    throw new IOException(file + " holds " + seed.length + " bytes, a dev provider key is "
                            + SEED_LENGTH + "; delete it to have a new key generated");
                }
                warnIfWiderThanOwner(file);
                return new DevProviderKey(new Ed25519PrivateKeyParameters(seed, 0));
            }
            byte[] seed = new byte[SEED_LENGTH];
            new SecureRandom().nextBytes(seed);
            Files.createDirectories(dir);
            writeOwnerOnly(file, seed);
            DevProviderKey key = new DevProviderKey(new Ed25519PrivateKeyParameters(seed, 0));
            LOG.info("generated the dev provider key {} in {}", key.publicKey, file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the dev provider key: " + e.getMessage(), e);
        }
    }

    @Override
    public Bytes publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "DevProviderKey[" + publicKey + "]";
    }

    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + System.nanoTime() + ".tmp");
        FileAttribute<?>[] attributes = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // Written aside and renamed, so a crash never leaves a torn key behind.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void warnIfWiderThanOwner(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(mode)) {
                LOG.warn("{} has mode {}, wider than rw------- (0600); other users may read the dev provider key."
                        + " Run: chmod 600 {}", file, PosixFilePermissions.toString(mode), file);
            }
        } catch (IOException e) {
            LOG.debug("cannot read the mode of {}: {}", file, e.toString());
        }
    }
}
