package io.quarry.fleet.http;

import io.quarry.api.http.Http;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.bundle.BundleException;
import io.quarry.fleet.bundle.BundleSpool;
import io.quarry.fleet.bundle.BundleTooLargeException;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.controller.FleetController;
import io.quarry.fleet.controller.PeerAdmission;
import io.quarry.fleet.controller.PeerStats;
import io.quarry.fleet.controller.Profiles;
import io.quarry.fleet.controller.RemoteError;
import io.quarry.fleet.node.FleetNode;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.protocol.GetLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The REST API under {@code /api/v1/fleet-control/}: node, peers, profiles and remote operations. Node and peer
 * reads are open; stored profiles, every {@code remote/*} route (each one makes this node sign and send commands
 * to workers, and they expose miner figures and logs) and everything that changes state need the API token.
 */
public final class FleetRoutes {

    /** The media type of a raw bundle body. */
    public static final String TAR = "application/x-tar";

    private final FleetNode node;
    private final PeerRegistry registry;
    private final FleetController controller;
    private final PeerAdmission admission;
    private final Profiles profiles;
    private final Path spoolDir;
    private final long maxBundleBytes;

    /**
     * @param spoolDir where deploy bundles are spooled before they are sent
     * @param maxBundleBytes the largest bundle (tar) a deploy may carry
     */
    public FleetRoutes(FleetNode node, PeerRegistry registry, FleetController controller, PeerAdmission admission,
            Profiles profiles, Path spoolDir, long maxBundleBytes) {
        this.node = Objects.requireNonNull(node, "node");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
        this.maxBundleBytes = maxBundleBytes;
    }

    /** Registers every route on {@code http}. */
    public void register(Http http) {
        http.route(HttpMethod.GET, "node/info", r -> HttpResponse.ok(node.info()));
        http.route(HttpMethod.POST, "node/init", this::init);
        http.route(HttpMethod.GET, "peers", r -> HttpResponse.ok(registry.list().stream().map(PeerView::of).toList()));
        http.route(HttpMethod.POST, "peers", this::addPeer);
        http.route(HttpMethod.DELETE, "peers/{id}", this::removePeer);
        http.route(HttpMethod.POST, "peers/{id}/ping", this::ping);
        http.route(HttpMethod.GET, "peers/select", this::select);
        http.route(HttpMethod.GET, "profiles", Http.Access.TOKEN, r -> HttpResponse.ok(profiles.all()));
        http.route(HttpMethod.PUT, "profiles/{name}", this::putProfile);
        http.route(HttpMethod.DELETE, "profiles/{name}", this::removeProfile);
        // Remote reads need the token too: each one signs a fresh command to workers (whose replay windows are
        // bounded) and returns their miners' figures and logs.
        http.route(HttpMethod.GET, "remote/stats", Http.Access.TOKEN, r -> HttpResponse.ok(controller.fleetStats()));
        http.route(HttpMethod.GET, "remote/{peer}/stats", Http.Access.TOKEN, this::peerStats);
        http.route(HttpMethod.POST, "remote/{peer}/start", this::start);
        http.route(HttpMethod.POST, "remote/{peer}/stop", this::stop);
        http.route(HttpMethod.GET, "remote/{peer}/logs/{miner}", Http.Access.TOKEN, this::logs);
        http.streamingRoute(HttpMethod.POST, "remote/{peer}/deploy", Http.Access.TOKEN,
                Math.max(maxBundleBytes, FleetJson.MAX_DEPLOY_BYTES), this::deploy);
    }

    private HttpResponse init(HttpRequest request) {
        InitRequest body = body(request, InitRequest.class);
        try {
            return HttpResponse.ok(node.init(body.name(), FleetRole.parse(body.role() == null ? "dual" : body.role())));
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }

    private HttpResponse addPeer(HttpRequest request) {
        AddPeerRequest body = body(request, AddPeerRequest.class);
        try {
            FleetRole role = FleetRole.parse(body.role() == null ? "worker" : body.role());
            Peer peer = admission.add(body.address(), body.name(), body.id(), role,
                    body.hops() == null ? 1 : body.hops(), body.geoKm() == null ? 0 : body.geoKm());
            return HttpResponse.json(201, PeerView.of(peer));
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        } catch (RemoteError e) {
            throw new HttpException(502, e.getMessage());
        }
    }

    private HttpResponse removePeer(HttpRequest request) {
        Peer peer = peer(request.pathParam("id"));
        registry.remove(peer.id());
        return HttpResponse.noContent();
    }

    private HttpResponse ping(HttpRequest request) {
        Peer peer = peer(request.pathParam("id"));
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("pong", controller.ping(peer));
        } catch (RemoteError e) {
            out.put("error", e.getMessage());
        }
        out.put("peer", PeerView.of(registry.get(peer.id()).orElse(peer)));
        return HttpResponse.ok(out);
    }

    private HttpResponse select(HttpRequest request) {
        int k;
        try {
            k = Integer.parseInt(request.queryParam("k").orElse("1"));
        } catch (NumberFormatException e) {
            throw HttpException.badRequest("k must be a number");
        }
        if (k < 1 || k > 10_000) {
            throw HttpException.badRequest("k must be 1..10000, was " + k);
        }
        return HttpResponse.ok(registry.selectNearestPeers(k).stream().map(PeerView::of).toList());
    }

    private HttpResponse putProfile(HttpRequest request) {
        ProfileRequest body = body(request, ProfileRequest.class);
        try {
            profiles.put(request.pathParam("name"), body.settings() == null ? Map.of() : body.settings());
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        return HttpResponse.noContent();
    }

    private HttpResponse removeProfile(HttpRequest request) {
        try {
            if (!profiles.remove(request.pathParam("name"))) {
                throw HttpException.notFound("no profile '" + request.pathParam("name") + "'");
            }
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        return HttpResponse.noContent();
    }

    private HttpResponse peerStats(HttpRequest request) {
        Peer peer = peer(request.pathParam("peer"));
        return remote(() -> new PeerStats(peer.id(), peer.name(), "online", null, controller.stats(peer).miners()));
    }

    private HttpResponse start(HttpRequest request) {
        Peer peer = peer(request.pathParam("peer"));
        StartRequest body = body(request, StartRequest.class);
        String profile = body.profile() == null ? "" : body.profile();
        Map<String, Object> settings;
        if (!profile.isEmpty()) {
            try {
                // A profile this controller does not hold goes by name: the worker may have it from a deploy.
                settings = profiles.get(profile).orElse(Map.of());
            } catch (IllegalArgumentException e) {
                throw HttpException.badRequest(e.getMessage());
            }
        } else {
            settings = body.settings() == null ? Map.of() : body.settings();
        }
        String miner = miner(body);
        return remote(() -> controller.start(peer, miner, profile, settings));
    }

    private HttpResponse stop(HttpRequest request) {
        Peer peer = peer(request.pathParam("peer"));
        String miner = miner(body(request, StartRequest.class));
        return remote(() -> controller.stop(peer, miner));
    }

    private HttpResponse logs(HttpRequest request) {
        Peer peer = peer(request.pathParam("peer"));
        int lines;
        try {
            lines = Integer.parseInt(request.queryParam("lines").orElse("100"));
        } catch (NumberFormatException e) {
            throw HttpException.badRequest("lines must be a number");
        }
        if (lines < 1 || lines > GetLogs.MAX_LINES) {
            throw HttpException.badRequest("lines must be 1.." + GetLogs.MAX_LINES + ", was " + lines);
        }
        String miner = request.pathParam("miner");
        return remote(() -> controller.logs(peer, miner, lines));
    }

    /**
     * A deploy: an {@code application/x-tar} body (a bundle of any size up to {@code max_bundle_bytes}, type and
     * stored profiles in the query) is checked and spooled to disk as it arrives; a JSON body (profiles by name,
     * small files in base64) is at most {@link FleetJson#MAX_DEPLOY_BYTES}. Either way the spooled tar then
     * streams to the worker.
     */
    private HttpResponse deploy(HttpRequest head, InputStream body) throws IOException {
        Peer peer = peer(head.pathParam("peer"));
        boolean tar = head.header("content-type").map(t -> t.toLowerCase(Locale.ROOT).startsWith(TAR)).orElse(false);
        try (BundleSpool spool = BundleSpool.create(spoolDir, maxBundleBytes)) {
            BundleType type;
            if (tar) {
                type = BundleType.parse(head.queryParam("type").orElse("miner"));
                for (String name : head.query().getOrDefault("profile", List.of())) {
                    addProfile(spool, name);
                }
                spool.addAll(body);
            } else {
                byte[] json = body.readNBytes(FleetJson.MAX_DEPLOY_BYTES + 1);
                if (json.length > FleetJson.MAX_DEPLOY_BYTES) {
                    throw new HttpException(413, "a JSON deploy body is at most " + FleetJson.MAX_DEPLOY_BYTES
                            + " bytes; send larger bundles as Content-Type: " + TAR);
                }
                DeployRequest request = FleetJson.read(json, DeployRequest.class, FleetJson.MAX_DEPLOY_BYTES);
                if (request == null) {
                    throw HttpException.badRequest("a JSON deploy body is an object {type, profiles, files}");
                }
                type = BundleType.parse(request.type() == null ? "profile" : request.type());
                List<String> names = request.profiles() == null ? List.of() : request.profiles();
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i) == null) {
                        throw HttpException.badRequest("profiles[" + i + "] is null; name a stored profile");
                    }
                    addProfile(spool, names.get(i));
                }
                List<DeployRequest.FileEntry> files = request.files() == null ? List.of() : request.files();
                for (int i = 0; i < files.size(); i++) {
                    DeployRequest.FileEntry f = files.get(i);
                    if (f == null || f.path() == null || f.content() == null) {
                        throw HttpException.badRequest("files[" + i + "]" + (f == null ? " is null"
                                : f.path() == null ? ".path is required (a relative path in the bundle)"
                                : ".content is required (the file's bytes in base64)"));
                    }
                    byte[] content;
                    try {
                        content = Base64.getDecoder().decode(f.content());
                    } catch (IllegalArgumentException e) {
                        throw HttpException.badRequest("files[" + i + "].content is not base64: " + e.getMessage());
                    }
                    spool.add(f.path(), content.length, Boolean.TRUE.equals(f.executable()),
                            new ByteArrayInputStream(content));
                }
            }
            if (spool.files() == 0) {
                throw HttpException.badRequest("a deploy needs profiles (stored profile names) or files");
            }
            spool.finish();
            return remote(() -> controller.deploy(peer, type, spool));
        } catch (BundleTooLargeException e) {
            throw new HttpException(413, e.getMessage());
        } catch (BundleException | IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }

    private void addProfile(BundleSpool spool, String name) throws IOException {
        byte[] settings = FleetJson.write(profiles.get(name).orElseThrow(() -> HttpException.notFound(
                "no profile '" + name + "' on this controller")));
        spool.add("profiles/" + name + ".json", settings.length, false, new ByteArrayInputStream(settings));
    }

    private static String miner(StartRequest body) {
        if (body.miner() == null || body.miner().isBlank()) {
            throw HttpException.badRequest("miner is required (a miner id on the peer, e.g. randomx-cluster/local)");
        }
        return body.miner();
    }

    private Peer peer(String idOrName) {
        if (idOrName.equals("optimal")) {
            return registry.selectOptimalPeer().orElseThrow(() -> HttpException.notFound("no peers to choose from"));
        }
        return registry.find(idOrName).orElseThrow(() -> HttpException.notFound("no peer '" + idOrName + "'"));
    }

    private static HttpResponse remote(java.util.function.Supplier<Object> call) {
        try {
            return HttpResponse.ok(call.get());
        } catch (RemoteError e) {
            throw new HttpException(e.code().isPresent() ? 409 : 502, e.getMessage());
        }
    }

    private static <T> T body(HttpRequest request, Class<T> type) {
        try {
            return FleetJson.read(request.body(), type);
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }
}
