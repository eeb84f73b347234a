package io.quarry.subnet;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.subnet.SubnetHandler;
import io.quarry.api.subnet.SubnetHandlers;
import io.quarry.api.subnet.SubnetJobHandler;
import io.quarry.api.subnet.SubnetRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Another plugin extending the subnet miner through the API alone, as a subnet's own code would: a signed
 * {@code /echo} route with a validated request type, and an orchestrator job type {@code echo}.
 */
final class EchoExtension implements QuarryPlugin {

    /** The request body of {@code /echo}. */
    record Echo(String text) {
    }

    private NodeContext context;

    @Override
    public void init(NodeContext context) {
        this.context = context;
    }

    @Override
    public void start() {
        SubnetHandlers handlers = context.service(SubnetHandlers.class).orElseThrow();
        handlers.register(new SubnetHandler<Echo>() {
            @Override
            public String route() {
                return "/echo";
            }

            @Override
            public Class<Echo> requestType() {
                return Echo.class;
            }

            @Override
            public Optional<String> validate(Echo request) {
                return request.text() == null || request.text().isEmpty() ? Optional.of("Missing text")
                        : request.text().length() > 100 ? Optional.of("text too long") : Optional.empty();
            }

            @Override
            public Object handle(SubnetRequest<Echo> request) {
                return Map.of("echo", request.body().text(), "caller", request.callerHotkey());
            }
        });
        handlers.registerJob(new SubnetJobHandler<Echo>() {
            @Override
            public String type() {
                return "echo";
            }

            @Override
            public Class<Echo> payloadType() {
                return Echo.class;
            }

            @Override
            public Object run(Echo payload) {
                return Map.of("echo", payload.text());
            }
        });
    }

    @Override
    public void stop() {
    }
}
