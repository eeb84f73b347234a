package io.quarry.packaging;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A third-party plugin for the end-to-end tests: answers GET /api/v1/echo/ping. */
public final class EchoPlugin implements QuarryPlugin {

    @Override
    public void init(NodeContext context) {
        context.http().route(HttpMethod.GET, "ping", request -> HttpResponse.ok(Map.of("pong", context.pluginId(),
                "loader", EchoPlugin.class.getClassLoader().getClass().getSimpleName())));
    }

    @Override
    public void start() {
    }

    @Override
    public Optional<Object> command() {
        return Optional.of(new EchoCommand());
    }

    /** {@code quarry echo say WORDS...}: a plugin verb. */
    @Command(name = "echo", description = "The echo plugin's verbs.", subcommands = EchoCommand.Say.class)
    public static final class EchoCommand {

        /** Prints its words back. */
        @Command(name = "say", description = "Prints the words given.")
        public static final class Say implements Callable<Integer> {
            @Parameters
            java.util.List<String> words;

            @Override
            public Integer call() {
                System.out.println("echo: " + String.join(" ", words));
                return 0;
            }
        }
    }

    @Override
    public void stop() {
    }
}
