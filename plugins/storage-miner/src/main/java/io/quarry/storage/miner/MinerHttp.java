package io.quarry.storage.miner;

import io.quarry.api.http.Http;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.storage.store.CorruptShardException;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.store.StoreRefusedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The miner's development HTTP endpoints ({@code http_enabled}, off by default), under the plugin's route prefix:
 * {@code GET status}, {@code GET blobs/{hash}} with Range, {@code POST blobs/add} (multipart, API token).
 */
public final class MinerHttp {

    private final ShardStore store;
    private final StorageNodeMiner miner;

    private MinerHttp(ShardStore store, StorageNodeMiner miner) {
        this.store = store;
        this.miner = miner;
    }

    /** Registers the routes on {@code http}. */
    public static void register(Http http, ShardStore store, StorageNodeMiner miner) {
        MinerHttp routes = new MinerHttp(store, miner);
        http.route(HttpMethod.GET, "status", Http.Access.OPEN, request -> HttpResponse.ok(routes.status()));
        http.route(HttpMethod.GET, "blobs/{hash}", Http.Access.OPEN, request -> routes.blob(request.pathParam("hash"),
                request.header("range")));
        http.route(HttpMethod.POST, "blobs/add", Http.Access.TOKEN, request -> routes.add(
                request.header("content-type").orElse(null), request.body()));
    }

    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", miner.state().name());
        status.put("detail", miner.stateDetail());
        status.putAll(miner.stats().extra());
        return status;
    }

    HttpResponse blob(String hash, Optional<String> rangeHeader) {
        if (!ShardId.isValid(hash)) {
            throw HttpException.badRequest("a blob hash is 64 lowercase hex characters");
        }
        byte[] data;
        try {
            data = store.read(new ShardId(hash)).orElseThrow(() -> HttpException.notFound("no blob " + hash));
        } catch (CorruptShardException e) {
            throw new HttpException(500, e.getMessage());
        }
        if (rangeHeader.isEmpty()) {
            return HttpResponse.bytes(200, "application/octet-stream", data).withHeader("Accept-Ranges", "bytes");
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader.get(), data.length);
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        if (range.isEmpty()) {
            return HttpResponse.text(416, "range not satisfiable for " + data.length + " bytes")
                    .withHeader("Content-Range", "bytes */" + data.length);
        }
        ByteRange r = range.get();
        byte[] slice = java.util.Arrays.copyOfRange(data, (int) r.first(), (int) r.last() + 1);
        return HttpResponse.bytes(206, "application/octet-stream", slice)
                .withHeader("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + data.length);
    }

    HttpResponse add(String contentType, byte[] body) {
        byte[] blob;
        try {
            blob = Multipart.firstPart(contentType, body);
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        try {
            var result = store.put(blob);
            return HttpResponse.ok(Map.of("hash", result.id().hex(), "size", result.size()));
        } catch (StoreRefusedException e) {
            throw new HttpException(e.reason() == StoreRefusedException.Reason.FULL ? 507 : 413, e.getMessage());
        }
    }
}
