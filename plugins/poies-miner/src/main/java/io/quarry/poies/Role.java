package io.quarry.poies;

/** What a poies-miner node does ({@code poies-miner.roles}). */
public enum Role {
    /**
     * Keeps the dev chain, builds templates, runs the proof workers, admits shares, seals blocks and serves
     * JSON-RPC, WebSocket getwork and Stratum.
     */
    NODE,
    /** Mines against the node at {@code rpc_url} / {@code ws_url} (usually another host). */
    MINER
}
