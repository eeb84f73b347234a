package io.quarry.kernel.http;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpMethod;

/**
 * One registered HTTP endpoint.
 *
 * @param method the method it answers
 * @param template its full path
 * @param access who may call it
 * @param handler the code that answers
 * @param owner the plugin id that registered it, or {@link HttpRoutes#KERNEL}
 */
record HttpRoute(HttpMethod method, PathTemplate template, Access access, HttpHandler handler, String owner) {
}
