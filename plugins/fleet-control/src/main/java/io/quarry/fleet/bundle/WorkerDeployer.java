package io.quarry.fleet.bundle;

import io.quarry.api.identity.Identity;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.worker.CommandFailure;
import io.quarry.fleet.worker.Deployer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of {@code deploy}: check the header, decrypt the streamed body chunk by chunk into a spool
 * file (mode 0600, in the plugin's data directory) while hashing it, check the checksum, then unpack the tar from
 * the spool with its refusals, check a profile bundle's profiles, and install it atomically. Nothing is installed
 * before the whole bundle authenticated; no bundle is held in memory. Every refusal is a {@code bad_bundle} error,
 * a bundle over {@code max_bundle_bytes} a {@code bundle_too_large} one, refused before its body is read.
 */
public final class WorkerDeployer implements Deployer {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerDeployer.class);

    private final Identity self;
    private final BundleInstaller installer;
    private final Path spoolDir;
    private final long maxBytes;

    /**
     * @param spoolDir where bundles are decrypted to before they are unpacked (created when needed)
     * @param maxBytes the largest plaintext bundle taken ({@code fleet-control.max_bundle_bytes})
     */
    public WorkerDeployer(Identity self, BundleInstaller installer, Path spoolDir, long maxBytes) {
        this.self = Objects.requireNonNull(self, "self");
        this.installer = Objects.requireNonNull(installer, "installer");
        this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
        this.maxBytes = maxBytes;
    }

    @Override
    public DeployAck deploy(String controllerId, byte[] payload, InputStream body) {
        DeployHeader header;
        try {
            header = FleetJson.read(payload, DeployHeader.class);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ErrorCode.BAD_BUNDLE, e.getMessage());
        }
        Path spool = null;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "bundle-", ".tar",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(spool)) {
                BundleCrypto.open(self, controllerId, header, body, out, maxBytes);
            }
            int files;
            try (InputStream tar = Files.newInputStream(spool)) {
                files = installer.install(header.type(), tar, maxBytes, (dir, paths) -> {
                    if (header.type() == BundleType.PROFILE) {
                        paths.forEach(p -> checkProfile(dir, p));
                    }
                });
            }
            return new DeployAck(header.type(), files, header.checksum());
        } catch (BundleTooLargeException e) {
            throw new CommandFailure(ErrorCode.BUNDLE_TOO_LARGE, e.getMessage());
        } catch (BundleException | IllegalArgumentException e) {
            throw new CommandFailure(ErrorCode.BAD_BUNDLE, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ErrorCode.BAD_BUNDLE, "the bundle stream broke off or could not be spooled: " + e.getMessage());
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    LOG.warn("cannot delete the bundle spool {}: {}", spool, e.getMessage());
                }
            }
        }
    }

    /** A profile installed by a {@code profile} or {@code full} bundle, by name. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> profile(String name) {
        for (BundleType type : List.of(BundleType.PROFILE, BundleType.FULL)) {
            Path file = installer.current(type).resolve("profiles").resolve(name + ".json");
            if (name.matches("[A-Za-z0-9._-]{1,64}") && Files.isRegularFile(file)) {
                try {
                    return Optional.of(FleetJson.read(Files.readAllBytes(file), Map.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new CommandFailure(ErrorCode.BAD_PROFILE, "installed profile '" + name + "' is unreadable: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private static void checkProfile(Path dir, String path) {
        if (!path.matches("profiles/[A-Za-z0-9._-]{1,64}\\.json")) {
            throw new BundleException("a profile bundle holds only profiles/<name>.json, found '" + path + "'");
        }
        byte[] content;
        try {
            Path file = dir.resolve(path);
            if (Files.size(file) > FleetJson.MAX_DOCUMENT_BYTES) {
                throw new BundleException("profile '" + path + "' is larger than " + FleetJson.MAX_DOCUMENT_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException("profile '" + path + "' cannot be read back: " + e.getMessage());
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new BundleException("profile '" + path + "' is empty");
        }
        try {
            FleetJson.read(content, Map.class);
        } catch (IllegalArgumentException e) {
            throw new BundleException("profile '" + path + "' is not a JSON object: " + e.getMessage());
        }
    }
}
