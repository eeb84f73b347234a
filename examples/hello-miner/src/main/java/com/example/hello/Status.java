package com.example.hello;

/**
 * What {@code GET /api/v1/hello-miner/status} and the JSON-RPC method {@code hello_status} answer, and the panel
 * shows.
 *
 * @param greeting this node's greeting
 * @param greetings how many greetings it has received
 * @param lastGreeting the most recent one ({@code "from: text"}), or empty
 * @param minerState the miner's state
 * @param hashrate hashes per second over the last 10 s
 * @param shares shares found since the node started
 * @param rpc where the JSON-RPC server listens ({@code host:port}), or empty when it is off
 */
public record Status(String greeting, long greetings, String lastGreeting, String minerState, double hashrate,
                     long shares, String rpc) {
}
