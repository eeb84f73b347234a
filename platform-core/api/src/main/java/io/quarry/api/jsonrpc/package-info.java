/**
 * Newline-delimited JSON-RPC over TCP (optionally TLS): line servers with per-connection sessions and
 * server-pushed notifications, and a client with failover and reconnect. Both Stratum servers and the Monero
 * Stratum client are built on it.
 *
 * <p><b>JSON values.</b> Nothing here exposes Netty. Incoming params and results arrive as
 * {@link io.quarry.api.jsonrpc.JsonRpcValue}, a read-only view over plain Java values ({@code Map},
 * {@code List}, {@code String}, {@code Long}/{@code BigInteger}/{@code Double}, {@code Boolean},
 * {@code null}); outgoing params and results are any value the kernel's Jackson can write (records, maps,
 * lists, scalars, a {@code JsonRpcValue}, a Jackson {@code JsonNode}), as with {@code HttpResponse.json}.
 * Plugins get Jackson in provided scope (see {@link io.quarry.api.json}), so a {@code JsonNode} a plugin
 * builds is the kernel's class; the views stay because Stratum params are small flat shapes that typed
 * accessors read with precise "invalid params" errors. Every message is read with the node's one
 * {@link io.quarry.api.json.StrictJson} configuration: duplicate keys, trailing text, over-deep nesting and
 * over-long numbers are parse errors (-32700) on every carrier.
 *
 * <p><b>Leniency.</b> Input is read leniently in every {@link io.quarry.api.jsonrpc.JsonRpcDialect}: the
 * {@code "jsonrpc"} member may be missing or anything, ids may be numbers or strings, {@code "id": null} with a
 * method is a notification (Stratum v1 habit), params may be an array, an object or absent, and errors may be
 * objects or Stratum v1 arrays. Output follows the configured dialect.
 */
package io.quarry.api.jsonrpc;
