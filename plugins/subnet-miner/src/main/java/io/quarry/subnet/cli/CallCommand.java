package io.quarry.subnet.cli;

import io.quarry.subnet.epistula.EpistulaSigner;
import io.quarry.subnet.wallet.Hotkey;
import io.quarry.subnet.wallet.WalletException;
import io.quarry.subnet.wallet.WalletFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry subnet call URL}: an Epistula-signed POST, to test a miner (or a validator's API). */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "POST an Epistula v2 signed request and print the answer; exits 1 unless it is 2xx.")
final class CallCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private WalletOptions wallet;

    @Parameters(index = "0", paramLabel = "URL", description = "Where to POST (for example http://127.0.0.1:8091/cvm).")
    private URI url;

    @Option(names = "--data", paramLabel = "JSON", defaultValue = "", description = "The request body (default: empty).")
    private String data;

    @Option(names = "--signed-for", paramLabel = "SS58", description = "The receiver's hotkey (Epistula-Signed-For).")
    private String signedFor;

    @Option(names = "--legacy", description = "Sign with the older X-Epistula-* headers instead.")
    private boolean legacy;

    @Override
    public Integer call() throws InterruptedException {
        Hotkey hotkey;
        try {
            hotkey = WalletFiles.load(wallet.file());
        } catch (WalletException e) {
            spec.commandLine().getErr().println("quarry subnet call: " + e.getMessage());
            return 1;
        }
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        EpistulaSigner signer = new EpistulaSigner(hotkey, InstantSource.system());
        Map<String, String> headers = legacy ? signer.legacyHeaders(body)
                : signer.headers(body, Optional.ofNullable(signedFor));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            spec.commandLine().getOut().println(response.statusCode() + " " + response.body());
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("quarry subnet call: " + url + " did not answer: " + e.getMessage());
            return 1;
        }
    }
}
