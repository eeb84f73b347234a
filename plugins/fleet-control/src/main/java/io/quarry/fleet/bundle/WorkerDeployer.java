package io.quarry.fleet.bundle;

import io.quarry.api.identity.Identity;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.worker.CommandFailure;
import io.quarry.fleet.worker.Deployer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's side of {@code deploy}: verify and decrypt the bundle, read the tar with its refusals, check a
 * profile bundle's profiles, and install it atomically. Every refusal is a {@code bad_bundle} error.
 */
public final class WorkerDeployer implements Deployer {

    private final Identity self;
    private final BundleInstaller installer;

    public WorkerDeployer(Identity self, BundleInstaller installer) {
        this.self = Objects.requireNonNull(self, "self");
        this.installer = Objects.requireNonNull(installer, "installer");
    }

    @Override
    public Object deploy(String controllerId, byte[] payload) {
        try {
            DeployPayload bundle = FleetJson.read(payload, DeployPayload.class, FleetJson.MAX_DEPLOY_BYTES);
            List<BundleEntry> entries = BundleArchive.read(BundleCrypto.open(self, controllerId, bundle));
            if (bundle.type() == BundleType.PROFILE) {
                entries.forEach(WorkerDeployer::checkProfile);
            }
            return new DeployAck(bundle.type(), installer.install(bundle.type(), entries), bundle.checksum());
        } catch (BundleException | IllegalArgumentException e) {
            throw new CommandFailure(ErrorCode.BAD_BUNDLE, e.getMessage());
        }
    }

    /** A profile installed by a {@code profile} or {@code full} bundle, by name. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> profile(String name) {
        for (BundleType type : List.of(BundleType.PROFILE, BundleType.FULL)) {
            java.nio.file.Path file = installer.current(type).resolve("profiles").resolve(name + ".json");
            if (name.matches("[A-Za-z0-9._-]{1,64}") && java.nio.file.Files.isRegularFile(file)) {
                try {
                    return Optional.of(FleetJson.read(java.nio.file.Files.readAllBytes(file), Map.class));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new CommandFailure(ErrorCode.BAD_PROFILE, "installed profile '" + name + "' is unreadable: " + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private static void checkProfile(BundleEntry entry) {
        if (!entry.path().matches("profiles/[A-Za-z0-9._-]{1,64}\\.json")) {
            throw new BundleException("a profile bundle holds only profiles/<name>.json, found '" + entry.path() + "'");
        }
        try {
            FleetJson.read(entry.content(), Map.class);
        } catch (IllegalArgumentException e) {
            throw new BundleException("profile '" + entry.path() + "' is not a JSON object: " + e.getMessage());
        }
        if (new String(entry.content(), StandardCharsets.UTF_8).isBlank()) {
            throw new BundleException("profile '" + entry.path() + "' is empty");
        }
    }
}
