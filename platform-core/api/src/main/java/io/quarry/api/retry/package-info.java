/**
 * Retrying: one {@link io.quarry.api.retry.Backoff} (exponential, capped, with {@link io.quarry.api.retry.Jitter
 * full or decorrelated jitter} from an injectable random generator) that every reconnecting client uses, so a
 * fleet that lost its pool, daemon or node does not reconnect in lockstep.
 */
package io.quarry.api.retry;
