package io.quarry.subnet.epistula;

/** A request the miner refuses: the HTTP status and a reason safe to send to the caller. */
public class EpistulaRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public EpistulaRejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** 400: missing or malformed headers. */
    public static EpistulaRejection badRequest(String reason) {
        return new EpistulaRejection(400, reason);
    }

    /** 401: the signature does not verify, or the request is stale or replayed. */
    public static EpistulaRejection unauthorized(String reason) {
        return new EpistulaRejection(401, reason);
    }

    public int status() {
        return status;
    }
}
