package io.quarry.fleet.bundle;

/**
 * The {@code deploy_ack} reply.
 *
 * @param type the bundle type installed
 * @param files how many files it had
 * @param checksum the plaintext checksum, as the controller sent it
 */
public record DeployAck(BundleType type, int files, String checksum) {
}
