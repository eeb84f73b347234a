package io.quarry.kernel.http;

import io.quarry.api.http.HttpMethod;
import java.util.Map;
import java.util.Set;

/** What a request's method and path lead to: computed by {@link HttpRoutes#resolve}, acted on by the dispatcher. */
sealed interface Resolution {

    /** A handler answers. */
    record Endpoint(HttpRoute route, Map<String, String> params) implements Resolution {
    }

    /** A static file, if the mount holds it. */
    record Asset(AssetMount mount, String resource) implements Resolution {
    }

    /** The bare mount path: redirect so the page's relative URLs resolve under it. */
    record Redirect(String location) implements Resolution {
    }

    /** The path exists but not for this method. */
    record MethodNotAllowed(String template, Set<HttpMethod> allowed) implements Resolution {
    }

    /** The path is a WebSocket endpoint and the request is not an upgrade. */
    record UpgradeRequired(String template) implements Resolution {
    }

    /** Nothing here. */
    record NotFound() implements Resolution {
    }
}
