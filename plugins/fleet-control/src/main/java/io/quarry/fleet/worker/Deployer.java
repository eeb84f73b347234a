package io.quarry.fleet.worker;

import java.io.InputStream;

/** Applies a {@code deploy} command: its header payload and the bundle streaming after it. */
@FunctionalInterface
public interface Deployer {

    /**
     * Reads, checks and installs the bundle; returns the {@code deploy_ack} payload.
     *
     * @param controllerId the controller that sent the command (checked by the gate)
     * @param payload the command's JSON payload, the bundle's header
     * @param body the bundle's sealed body as it arrives
     * @throws CommandFailure with {@link io.quarry.fleet.protocol.ErrorCode#BAD_BUNDLE} or
     *     {@link io.quarry.fleet.protocol.ErrorCode#BUNDLE_TOO_LARGE} when the bundle is refused
     */
    Object deploy(String controllerId, byte[] payload, InputStream body);
}
