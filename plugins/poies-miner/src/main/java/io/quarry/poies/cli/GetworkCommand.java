package io.quarry.poies.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHttpClient;
import io.quarry.api.jsonrpc.JsonRpcHttpClientSettings;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.remote.GetworkClient;
import io.quarry.poies.remote.Upstream;
import io.quarry.poies.remote.UpstreamException;
import io.quarry.poies.target.ShareTarget;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quarry poies getwork --rpc URL} (or {@code --ws URL}): prints the node's current template, exactly the seed
 * 2.1 JSON, and exits. Over RPC it asks {@code miner_getWork}; over WebSocket it subscribes and prints the first
 * {@code miner.newWork}.
 */
@Command(name = "getwork", mixinStandardHelpOptions = true,
        description = "Prints the node's current header template (JSON) and exits.")
public final class GetworkCommand implements Callable<Integer> {

    private static final ObjectMapper PRETTY = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Mixin
    private NodeOptions node = new NodeOptions();

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Override
    public Integer call() throws InterruptedException, JsonProcessingException {
        Upstream.Endpoints endpoints = node.endpoints(spec);
        PrintWriter err = spec.commandLine().getErr();
        HeaderTemplate template;
        try {
            template = endpoints.rpc().isPresent() ? overRpc(endpoints) : overWebSocket(endpoints);
        } catch (UpstreamException | JsonRpcException | JsonRpcTransportException | SchemaException e) {
            err.println("quarry poies getwork: " + e.getMessage());
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(PoiesJson.toTree(template)));
        out.flush();
        return 0;
    }

    private static HeaderTemplate overRpc(Upstream.Endpoints endpoints) {
        try (JsonRpcHttpClient rpc = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(endpoints.rpc().orElseThrow())
                .withBearerToken(endpoints.apiToken())
                .withTimeouts(Upstream.REQUEST_TIMEOUT, Upstream.REQUEST_TIMEOUT))) {
            return PoiesJson.templateFromTree(PoiesJson.treeFromPlain(rpc.call("miner_getWork", null).value()));
        }
    }

    private static HeaderTemplate overWebSocket(Upstream.Endpoints endpoints)
            throws UpstreamException, InterruptedException {
        CompletableFuture<HeaderTemplate> first = new CompletableFuture<>();
        CompletableFuture<String> failed = new CompletableFuture<>();
        try (GetworkClient ws = new GetworkClient(endpoints.ws().orElseThrow(), endpoints.apiToken(),
                new GetworkClient.Listener() {
                    @Override
                    public void onShareTarget(ShareTarget target) {
                    }

                    @Override
                    public void onTemplate(HeaderTemplate template) {
                        first.complete(template);
                    }

                    @Override
                    public void onDisconnected(String reason) {
                        failed.complete(reason);
                    }
                }, Upstream.REQUEST_TIMEOUT)) {
            ws.start();
            CompletableFuture.anyOf(first, failed).get(Upstream.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!first.isDone()) {
                throw new UpstreamException(endpoints.ws().get() + ": " + failed.getNow("no template"));
            }
            return first.get();
        } catch (ExecutionException e) {
            throw new UpstreamException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UpstreamException("no template from " + endpoints.ws().get() + " within "
                    + Upstream.REQUEST_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
