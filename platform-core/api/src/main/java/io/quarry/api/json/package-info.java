/**
 * JSON for plugins. Plugins get Jackson ({@code jackson-databind}) from the kernel in {@code provided} scope,
 * as a dependency of this API: they compile against it and never bundle a copy, so one set of Jackson classes
 * is on the node and a {@code JsonNode} means the same thing in the kernel and in every plugin. Everything read
 * from outside the process goes through one {@link io.quarry.api.json.StrictJson} configuration.
 */
package io.quarry.api.json;
