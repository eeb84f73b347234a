package io.quarry.storage.validator;

import io.quarry.api.transport.Transport;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.wire.StorageProtocols;
import io.quarry.storage.wire.StripeRef;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The validator's side of {@code storage/validator-control/1}: Register and Heartbeat go to {@link Membership};
 * QueryPgFilesBatch and QueryManifest are answered from the manifests, for registered miners only.
 */
public final class ValidatorService {

    /** Stripes per QueryPgFilesBatch page; a page of 30-shard stripes stays well under the 1 MB message limit. */
    public static final int PAGE = 200;
    private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{64}");

    private final Membership membership;
    private final ManifestStore manifests;
    private final PgIndex index;
    private final StorageMetrics metrics;

    /** A service over the given state. */
    public ValidatorService(Membership membership, ManifestStore manifests, PgIndex index, StorageMetrics metrics) {
        this.membership = membership;
        this.manifests = manifests;
        this.index = index;
        this.metrics = metrics;
    }

    /** Serves the protocol on {@code transport}. */
    public void register(Transport transport) {
        transport.register(StorageProtocols.VALIDATOR_CONTROL, this::handle);
    }

    /** Answers one request from {@code peerId}. */
    public ValidatorReply handle(String peerId, ValidatorControl request) {
        ValidatorReply reply = switch (request) {
            case ValidatorControl.Register register -> membership.register(peerId, register);
            case ValidatorControl.Heartbeat heartbeat -> membership.heartbeat(peerId, heartbeat);
            case ValidatorControl.QueryPgFilesBatch query -> query(peerId, query);
            case ValidatorControl.QueryManifest query -> manifest(peerId, query);
            case null -> new ValidatorReply.Refused("BAD_REQUEST", "empty request");
        };
        String op = request == null ? "none" : request.getClass().getSimpleName();
        if (reply instanceof ValidatorReply.Refused refused) {
            metrics.refused(op, refused.code());
        } else if (reply instanceof ValidatorReply.Registered registered && !"OK".equals(registered.status())) {
            metrics.refused(op, registered.status());
        } else {
            metrics.served(op);
        }
        return reply;
    }

    private ValidatorReply query(String peerId, ValidatorControl.QueryPgFilesBatch query) {
        if (membership.miners().stream().noneMatch(m -> m.nodeId().equals(peerId))) {
            return new ValidatorReply.Refused("FORBIDDEN", "only registered miners may query placement groups");
        }
        List<Integer> pgs = query.pgs();
        if (pgs == null || pgs.isEmpty() || pgs.size() > ValidatorControl.QueryPgFilesBatch.MAX_PGS || query.offset() < 0
                || pgs.stream().anyMatch(pg -> pg == null || pg < 0)) {
            return new ValidatorReply.Refused("BAD_REQUEST", "QueryPgFilesBatch needs 1 to "
                    + ValidatorControl.QueryPgFilesBatch.MAX_PGS + " placement groups and a non-negative offset");
        }
        // Read under the index's lock, which an upload holds while it stamps and indexes its manifest: a manifest
        // older than asOf was in the index when the page was read.
        long asOf;
        synchronized (index) {
            asOf = membership.millis();
        }
        List<StripeRef> page = index.page(pgs, query.offset(), PAGE);
        int next = query.offset() + page.size() < index.count(pgs) ? query.offset() + page.size() : -1;
        return new ValidatorReply.PgFiles(membership.epoch(), page, next, asOf);
    }

    private ValidatorReply manifest(String peerId, ValidatorControl.QueryManifest query) {
        if (membership.miners().stream().noneMatch(m -> m.nodeId().equals(peerId))) {
            return new ValidatorReply.Refused("FORBIDDEN", "only registered miners may query manifests");
        }
        if (query.fileId() == null || !FILE_ID.matcher(query.fileId()).matches()) {
            return new ValidatorReply.Refused("BAD_REQUEST", "a file id is 64 lowercase hex characters");
        }
        return new ValidatorReply.ManifestReply(manifests.get(query.fileId()).orElse(null));
    }
}
