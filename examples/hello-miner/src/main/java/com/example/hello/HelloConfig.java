package com.example.hello;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [hello-miner]} table. Every key is optional; the defaults below apply to what the operator leaves out.
 *
 * @param greeting what this node says when greeted (1-64 characters), also what its miner hashes
 * @param difficultyBits leading zero bits a SHA-256 hash needs to count as a share (0-32)
 * @param hashesPerSecond how many hashes the miner computes per second: it is an example, so it stays polite
 * @param rpcListen {@code host:port} of the JSON-RPC line server ({@code hello_greet}, {@code hello_status});
 *     empty turns it off
 */
public record HelloConfig(
        String greeting,
        @Range(min = 0, max = 32) int difficultyBits,
        @Range(min = 10, max = 1_000_000) @Env("HELLO_HASHES_PER_SECOND") int hashesPerSecond,
        String rpcListen) {

    /** The default greeting. */
    public static final String DEFAULT_GREETING = "hello";
    /** The default share difficulty: one hash in 65536 on average. */
    public static final int DEFAULT_DIFFICULTY_BITS = 16;
    /** The default hashing rate. */
    public static final int DEFAULT_HASHES_PER_SECOND = 2000;
    /** The JSON-RPC server is off unless configured. */
    public static final String DEFAULT_RPC_LISTEN = "";
    /** The longest greeting. */
    public static final int MAX_GREETING_CHARS = 64;

    /** The table's shape and defaults, for {@code NodeContext.config} and {@code QuarryPlugin.configSpec}. */
    public static final ConfigSpec<HelloConfig> SPEC = ConfigSpec.of(HelloConfig.class, new HelloConfig(
            DEFAULT_GREETING, DEFAULT_DIFFICULTY_BITS, DEFAULT_HASHES_PER_SECOND, DEFAULT_RPC_LISTEN));

    /** Checks what {@code @Range} cannot: the greeting's length and the listen address's form. */
    public HelloConfig {
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(rpcListen, "rpcListen");
        if (greeting.isBlank() || greeting.length() > MAX_GREETING_CHARS) {
            throw new ConfigException("hello-miner.greeting",
                    "hello-miner.greeting must be 1-" + MAX_GREETING_CHARS + " characters, was '" + greeting + "'");
        }
        if (!rpcListen.isEmpty()) {
            Listen.parse(rpcListen);
        }
    }

    /** Where the JSON-RPC server listens; empty when it is off. */
    public Optional<Listen> rpcAddress() {
        return rpcListen.isEmpty() ? Optional.empty() : Optional.of(Listen.parse(rpcListen));
    }

    /**
     * A {@code host:port} to listen on.
     *
     * @param host the address to bind ({@code 127.0.0.1})
     * @param port the port; 0 lets the system choose
     */
    public record Listen(String host, int port) {

        static Listen parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isBlank() || port < 0 || port > 65535) {
                throw new ConfigException("hello-miner.rpc_listen",
                        "hello-miner.rpc_listen must be host:port with a port of 0-65535, or empty, was '" + text + "'");
            }
            return new Listen(host, port);
        }
    }
}
