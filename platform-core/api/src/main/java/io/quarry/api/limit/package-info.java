/**
 * Rate limiting: one {@link io.quarry.api.limit.TokenBucket} and the per-key plus global
 * {@link io.quarry.api.limit.RateLimiter} built from it, both on an injectable {@link java.time.InstantSource}.
 * The kernel's JSON-RPC servers and carriers use these; plugins use them for any other input they take.
 */
package io.quarry.api.limit;
