package io.quarry.fleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.cli.Progress;
import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quarry fleet remote status|start|stop|logs}. */
@Command(name = "remote", mixinStandardHelpOptions = true,
        subcommands = {RemoteCommand.Status.class, RemoteCommand.Start.class, RemoteCommand.Stop.class, RemoteCommand.Logs.class,
            RemoteCommand.Deploy.class},
        description = "Operations on the miners of remote peers.")
final class RemoteCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code remote status [PEER]}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Miners of every peer (or one) and the fleet's total hashrate by kind.")
    static final class Status extends Verb {
        @Parameters(index = "0", arity = "0..1", description = "A peer's id or name; all peers when left out.")
        String peer;

        @Override
        JsonNode run(ApiClient api) {
            return peer == null ? api.get("remote/stats") : api.get("remote/" + ApiClient.segment(peer) + "/stats");
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            if (result.has("peers")) {
                result.get("peers").forEach(p -> printPeer(p, out));
                out.println("total hashrate (10 s):");
                result.path("totalHashrate").properties().forEach(e ->
                        out.printf("  %-12s %.2f H/s%n", e.getKey(), e.getValue().asDouble()));
            } else {
                printPeer(result, out);
            }
        }

        private static void printPeer(JsonNode p, PrintWriter out) {
            out.println(text(p, "name") + " " + text(p, "id").substring(0, 12) + " " + text(p, "status")
                    + (p.has("error") ? ": " + text(p, "error") : ""));
            for (JsonNode m : p.path("miners")) {
                JsonNode h = m.path("hashrate");
                out.printf("  %-28s %-8s %-11s %10.2f %10.2f %10.2f H/s%n", text(m, "id"), text(m, "kind"), text(m, "state"),
                        h.path("10s").asDouble(), h.path("60s").asDouble(), h.path("15m").asDouble());
            }
        }
    }

    /** {@code remote start PEER MINER [--profile P]}. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a miner on a peer, optionally with a profile.")
    static final class Start extends Verb {
        @Parameters(index = "0", description = "The peer's id or name.")
        String peer;

        @Parameters(index = "1", description = "The miner id on the peer (e.g. randomx-cluster/local).")
        String miner;

        @Option(names = "--profile", description = "A profile stored on this controller.")
        String profile;

        @Override
        JsonNode run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("miner", miner);
            if (profile != null) {
                body.put("profile", profile);
            }
            return api.post("remote/" + ApiClient.segment(peer) + "/start", body);
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.println(text(result, "id") + ": " + text(result, "state") + (text(result, "detail").isEmpty() ? ""
                    : " (" + text(result, "detail") + ")"));
        }
    }

    /** {@code remote stop PEER MINER}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a miner on a peer.")
    static final class Stop extends Verb {
        @Parameters(index = "0", description = "The peer's id or name.")
        String peer;

        @Parameters(index = "1", description = "The miner id on the peer.")
        String miner;

        @Override
        JsonNode run(ApiClient api) {
            return api.post("remote/" + ApiClient.segment(peer) + "/stop", Map.of("miner", miner));
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.println(text(result, "id") + ": " + text(result, "state"));
        }
    }

    /** {@code remote logs PEER MINER [--lines N]}. */
    @Command(name = "logs", mixinStandardHelpOptions = true, description = "A miner's recent output on a peer.")
    static final class Logs extends Verb {
        @Parameters(index = "0", description = "The peer's id or name.")
        String peer;

        @Parameters(index = "1", description = "The miner id on the peer.")
        String miner;

        @Option(names = "--lines", defaultValue = "100", description = "How many lines (default: ${DEFAULT-VALUE}).")
        int lines;

        @Override
        JsonNode run(ApiClient api) {
            return api.get("remote/" + ApiClient.segment(peer) + "/logs/" + ApiClient.segment(miner) + "?lines=" + lines);
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            result.path("lines").forEach(l -> out.println(l.asText()));
        }
    }

    /** {@code remote deploy PEER (--profile NAME... | --type miner|full --dir DIR)}. */
    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Sends a signed, encrypted bundle: stored profiles, or the files of a directory.")
    static final class Deploy extends Verb {
        @Parameters(index = "0", description = "The peer's id or name ('optimal' for the best-ranked peer).")
        String peer;

        @Option(names = "--profile", description = "A profile stored on this controller (repeatable).")
        List<String> profiles;

        @Option(names = "--type", defaultValue = "profile", description = "profile, miner or full (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--dir", description = "Send every regular file under this directory.")
        Path dir;

        @Override
        JsonNode run(ApiClient api) {
            String path = "remote/" + ApiClient.segment(peer) + "/deploy";
            if (dir == null) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", type);
                if (profiles != null) {
                    body.put("profiles", profiles);
                }
                return api.post(path, body);
            }
            // A directory goes as a tar streamed from a temporary file: any size up to the node's max_bundle_bytes.
            Path tar = tar(dir, spec.commandLine().getErr());
            try {
                StringBuilder query = new StringBuilder("?type=").append(ApiClient.segment(type));
                for (String p : profiles == null ? List.<String>of() : profiles) {
                    query.append("&profile=").append(ApiClient.segment(p));
                }
                return api.postFile(path + query, tar, "application/x-tar");
            } finally {
                try {
                    Files.deleteIfExists(tar);
                } catch (IOException e) {
                    spec.commandLine().getErr().println("cannot delete " + tar + ": " + e.getMessage());
                }
            }
        }

        @Override
        void print(JsonNode result, PrintWriter out) {
            out.println("deployed " + text(result, "type") + " bundle: " + text(result, "files") + " files, sha256 "
                    + text(result, "checksum"));
        }

        /**
         * A temporary tar (mode 0600) of the regular files under {@code root}, with read progress on {@code err}
         * (stdout stays for the result).
         */
        static Path tar(Path root, PrintWriter err) {
            return tar(root, err, Path.of(System.getProperty("java.io.tmpdir")));
        }

        /** {@link #tar(Path, PrintWriter)} in {@code tempDir}; the tar is deleted whatever stops it being made. */
        static Path tar(Path root, PrintWriter err, Path tempDir) {
            Path tar = null;
            boolean packed = false;
            try (Stream<Path> walk = Files.walk(root)) {
                List<Path> paths = walk.filter(Files::isRegularFile).sorted().toList();
                long total = 0;
                for (Path p : paths) {
                    total += Files.size(p);
                }
                tar = Files.createTempFile(tempDir, "quarry-deploy-", ".tar",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Progress progress = Progress.of(err, "bundle files read", total, Progress.Unit.BYTES);
                try (BundleArchive.Writer out = new BundleArchive.Writer(new BufferedOutputStream(Files.newOutputStream(tar)))) {
                    for (Path p : paths) {
                        long size = Files.size(p);
                        try (InputStream in = Files.newInputStream(p)) {
                            out.add(root.relativize(p).toString().replace('\\', '/'), size, Files.isExecutable(p), in);
                        }
                        progress.advance(size);
                    }
                }
                progress.finish();
                packed = true;
                return tar;
            } catch (IOException | BundleException e) {
                throw new CliException("cannot pack " + root + ": " + e.getMessage());
            } finally {
                if (!packed && tar != null) {
                    try {
                        Files.deleteIfExists(tar);
                    } catch (IOException e) {
                        err.println("cannot delete the partial bundle " + tar + ": " + e.getMessage());
                    }
                }
            }
        }
    }
}
