package io.quarry.kernel;

import io.quarry.api.config.HostPort;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerStats;
import io.quarry.kernel.config.HttpConfig;
import io.quarry.kernel.health.HealthReport;
import io.quarry.kernel.http.HttpServer;
import io.quarry.kernel.metrics.KernelMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The kernel's own HTTP surface: health, metrics, the miner API and the dashboard. */
final class KernelRoutes {

    /** Content type of the Prometheus text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private KernelRoutes() {
    }

    /**
     * One miner with its figures, as {@code /api/v1/node/miners} lists it.
     *
     * @param id miner id
     * @param kind miner kind
     * @param state miner state
     * @param detail why it is in that state
     * @param stats current figures
     */
    record MinerView(String id, String kind, String state, String detail, MinerStats stats) {
        static MinerView of(Miner miner) {
            return new MinerView(miner.id(), miner.kind(), miner.state().name(), miner.stateDetail(), miner.stats());
        }
    }

    static HttpServer newServer(HttpConfig config, String apiToken, KernelMetrics metrics) {
        HostPort listen = config.listen();
        return new HttpServer(listen.host(), listen.port(), config.limits(), apiToken, config.tokenOnLoopback(), null,
                metrics.registry());
    }

    static void register(HttpServer http, Node node) {
        http.route(HttpMethod.GET, "/health", Access.OPEN, request -> {
            HealthReport health = node.health();
            // strict=true is for load balancers and probes: anything but UP is 503, with the same body.
            boolean strict = request.queryParam("strict").map(Boolean::parseBoolean).orElse(false);
            return HttpResponse.json(strict && !health.up() ? 503 : 200, health);
        });
        http.route(HttpMethod.GET, "/metrics", Access.OPEN, request -> HttpResponse.bytes(200, PROMETHEUS_TEXT,
                node.scrapeMetrics().getBytes(StandardCharsets.UTF_8)));
        // XMRig's HTTP API (read-only), so XMRig monitoring tools and fleet control's XMRig adapter can watch any node.
        XmrigApi xmrig = new XmrigApi();
        http.route(HttpMethod.GET, "/2/summary", Access.OPEN,
                request -> HttpResponse.ok(xmrig.summary(node.health(), node.miners().all())));
        http.route(HttpMethod.GET, "/2/backends", Access.OPEN,
                request -> HttpResponse.ok(xmrig.backends(node.miners().all())));
        http.route(HttpMethod.GET, "/api/v1/node/miners", Access.OPEN, request -> {
            List<MinerView> views = node.miners().all().stream().map(MinerView::of).toList();
            return HttpResponse.ok(views);
        });
        http.route(HttpMethod.GET, "/api/v1/node/miners/{id}", Access.OPEN,
                request -> HttpResponse.ok(MinerView.of(miner(node, request.pathParam("id")))));
        http.route(HttpMethod.GET, "/api/v1/node/miners/{id}/logs", Access.OPEN, request -> {
            int lines = request.queryParam("lines").map(KernelRoutes::parseLines).orElse(100);
            return HttpResponse.ok(miner(node, request.pathParam("id")).recentLogs(lines));
        });
        http.route(HttpMethod.POST, "/api/v1/node/miners/{id}/start", Access.TOKEN, request -> {
            Miner miner = miner(node, request.pathParam("id"));
            try {
                miner.start();
            } catch (IllegalStateException e) {
                throw new HttpException(409, e.getMessage());
            }
            return HttpResponse.ok(MinerView.of(miner));
        });
        http.route(HttpMethod.POST, "/api/v1/node/miners/{id}/stop", Access.TOKEN, request -> {
            Miner miner = miner(node, request.pathParam("id"));
            miner.stop();
            return HttpResponse.ok(MinerView.of(miner));
        });
        http.kernelAssets(KernelRoutes.class.getClassLoader(), "io/quarry/kernel/dashboard");
    }

    private static Miner miner(Node node, String id) {
        return node.miners().find(id).orElseThrow(() -> HttpException.notFound("no miner with id '" + id + "'"));
    }

    private static int parseLines(String value) {
        try {
            int lines = Integer.parseInt(value);
            if (lines < 1 || lines > 10_000) {
                throw HttpException.badRequest("lines must be 1..10000, was " + lines);
            }
            return lines;
        } catch (NumberFormatException e) {
            throw HttpException.badRequest("lines must be a number, was '" + value + "'");
        }
    }
}
