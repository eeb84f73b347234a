package io.quarry.api.subnet;

/**
 * Runs one type of job an orchestrator sends the miner (orchestrator-connected mode). Jobs arrive over the
 * miner's authenticated connection to its {@code orchestrator_url}; a job whose type has no handler is
 * answered with {@code {"error": "Unknown job type"}}.
 *
 * @param <P> the job payload type, bound from JSON with Jackson ({@code Void} for none)
 */
public interface SubnetJobHandler<P> {

    /** The job type this handler runs ({@code "inference"}). */
    String type();

    /** The payload type. */
    Class<P> payloadType();

    /** Runs a job; the returned value goes back to the orchestrator as the job's JSON result. */
    Object run(P payload) throws Exception;
}
