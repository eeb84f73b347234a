package io.quarry.fleet.worker;

/** Applies a {@code deploy} command's payload and returns the {@code deploy_ack} payload. */
@FunctionalInterface
public interface Deployer {

    /**
     * @param controllerId the controller that sent the command (checked by the gate)
     * @throws CommandFailure with {@link io.quarry.fleet.protocol.ErrorCode#BAD_BUNDLE} when the bundle is refused
     */
    Object deploy(String controllerId, byte[] payload);
}
