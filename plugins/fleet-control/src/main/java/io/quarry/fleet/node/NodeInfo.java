package io.quarry.fleet.node;

/**
 * What a node tells about itself: public facts only (keys stay in the kernel identity).
 *
 * @param id the node id (hex Ed25519 public key)
 * @param name the fleet name
 * @param role {@code controller}, {@code worker} or {@code dual}
 * @param version the Quarry version
 * @param controllers the node ids whose commands it accepts
 */
public record NodeInfo(String id, String name, String role, String version, java.util.List<String> controllers) {

    public NodeInfo {
        controllers = java.util.List.copyOf(controllers);
    }
}
