/**
 * Newline-delimited JSON-RPC over TCP (optionally TLS): line servers with per-connection sessions and
 * server-pushed notifications, and a client with failover and reconnect. Both Stratum servers and the Monero
 * Stratum client are built on it.
 *
 * <p><b>JSON values.</b> Nothing here exposes Jackson or Netty. Incoming params and results arrive as
 * {@link io.quarry.api.jsonrpc.JsonRpcValue}, a read-only view over plain Java values ({@code Map},
 * {@code List}, {@code String}, {@code Long}/{@code BigInteger}/{@code Double}, {@code Boolean},
 * {@code null}); outgoing params and results are any value the kernel's Jackson can write (records, maps,
 * lists, scalars, a {@code JsonRpcValue}), as with {@code HttpResponse.json}. Jackson's {@code JsonNode}
 * would have been handier, but plugins do not get Jackson from the kernel classpath, so a plugin bundling its
 * own copy would see a different {@code JsonNode} class than the kernel's; Stratum params are small flat
 * shapes that typed accessors read just as well.
 *
 * <p><b>Leniency.</b> Input is read leniently in every {@link io.quarry.api.jsonrpc.JsonRpcDialect}: the
 * {@code "jsonrpc"} member may be missing or anything, ids may be numbers or strings, {@code "id": null} with a
 * method is a notification (Stratum v1 habit), params may be an array, an object or absent, and errors may be
 * objects or Stratum v1 arrays. Output follows the configured dialect.
 */
package io.quarry.api.jsonrpc;
