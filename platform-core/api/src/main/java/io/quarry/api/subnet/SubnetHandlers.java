package io.quarry.api.subnet;

/**
 * Where plugins add routes to the subnet miner's public API. The subnet-miner plugin offers it through
 * {@code NodeContext.offer}; other plugins find it with {@code context.service(SubnetHandlers.class)} in
 * their {@code start()}.
 */
public interface SubnetHandlers {

    /**
     * Serves {@code handler} from now on.
     *
     * @throws IllegalArgumentException when the route is taken or is not an absolute path
     */
    void register(SubnetHandler<?> handler);

    /**
     * Runs {@code handler} for orchestrator jobs of its type from now on.
     *
     * @throws IllegalArgumentException when the type is taken or blank
     */
    void registerJob(SubnetJobHandler<?> handler);
}
