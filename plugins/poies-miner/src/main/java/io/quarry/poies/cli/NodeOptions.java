package io.quarry.poies.cli;

import io.quarry.poies.remote.Upstream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where the node to work for is: {@code --ws}, {@code --rpc}, {@code --api-token-file}. A picocli mixin. */
final class NodeOptions {

    @Option(names = "--ws", paramLabel = "URL",
            description = "The node's WebSocket getwork URL, e.g. ws://127.0.0.1:8080/api/v1/poies-miner/ws.")
    String ws;

    @Option(names = "--rpc", paramLabel = "URL",
            description = "The node's JSON-RPC URL, e.g. http://127.0.0.1:8080/api/v1/poies-miner/rpc.")
    String rpc;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "A file holding the node's API token, when its poies-miner.rpc_access is \"token\".")
    Path apiTokenFile;

    /** The endpoints; fails with a usage error naming the option. */
    Upstream.Endpoints endpoints(CommandSpec spec) {
        Optional<URI> wsUri = url(spec, "--ws", ws, Set.of("ws", "wss"));
        Optional<URI> rpcUri = url(spec, "--rpc", rpc, Set.of("http", "https"));
        if (wsUri.isEmpty() && rpcUri.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give the node's --ws URL, its --rpc URL, or both");
        }
        return new Upstream.Endpoints(wsUri, rpcUri, token(spec));
    }

    private Optional<String> token(CommandSpec spec) {
        if (apiTokenFile == null) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(apiTokenFile).strip();
            if (token.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--api-token-file " + apiTokenFile + " is empty");
            }
            return Optional.of(token);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --api-token-file " + apiTokenFile + ": "
                    + e.getMessage());
        }
    }

    static Optional<URI> url(CommandSpec spec, String option, String text, Set<String> schemes) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme) || uri.getHost() == null) {
                throw new ParameterException(spec.commandLine(), option + " must be an absolute "
                        + String.join(" or ", schemes.stream().sorted().toList()) + " URL with a host, was " + text);
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + " is not a valid URL: " + e.getReason());
        }
    }
}
