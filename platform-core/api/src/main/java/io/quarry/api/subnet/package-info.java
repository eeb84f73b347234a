/**
 * The subnet miner's extension point: signed routes (Epistula-verified, validator-checked) that any plugin
 * can add to the miner's public API.
 */
package io.quarry.api.subnet;
