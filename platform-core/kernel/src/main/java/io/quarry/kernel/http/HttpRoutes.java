package io.quarry.kernel.http;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.WebSocketHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every endpoint on the port: handlers, WebSocket endpoints and static-file mounts, each tagged with its owner
 * so a plugin's can be removed together. Registration is rare and serialized; lookups read immutable
 * snapshots, so requests never wait on a lock.
 */
final class HttpRoutes {

    /** Owner of the kernel's own registrations; plugin ids are never empty. */
    static final String KERNEL = "";

    private final Object lock = new Object();
    /** Most specific template first, so the first match wins. */
    private volatile List<HttpRoute> routes = List.of();
    private volatile List<WebSocketRoute> sockets = List.of();
    /** Longest prefix first. */
    private volatile List<AssetMount> mounts = List.of();
    /** Named panel pages by owner, each list in the order named. */
    private volatile Map<String, List<PanelPage>> pages = Map.of();

    private static final int MAX_PAGE_TITLE = 40;
    private static final Pattern PAGE_FILE =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    void addRoute(String owner, HttpMethod method, String fullPath, Access access, HttpHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        PathTemplate template = PathTemplate.parse(fullPath);
        synchronized (lock) {
            for (HttpRoute existing : routes) {
                if (existing.method() == method && existing.template().shape().equals(template.shape())) {
                    throw new IllegalArgumentException(method + " " + fullPath + " is already registered (as "
                            + existing.template() + " by " + describe(existing.owner()) + ")");
                }
            }
            List<HttpRoute> next = new ArrayList<>(routes);
            next.add(new HttpRoute(method, template, access, handler, owner));
            next.sort(Comparator.comparing(HttpRoute::template, PathTemplate::bySpecificity));
            routes = List.copyOf(next);
        }
    }

    void addWebSocket(String owner, String fullPath, Access access, WebSocketHandler.Factory handlers) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handlers, "handlers");
        PathTemplate template = PathTemplate.parse(fullPath);
        synchronized (lock) {
            for (WebSocketRoute existing : sockets) {
                if (existing.template().shape().equals(template.shape())) {
                    throw new IllegalArgumentException("WebSocket " + fullPath + " is already registered (as "
                            + existing.template() + " by " + describe(existing.owner()) + ")");
                }
            }
            List<WebSocketRoute> next = new ArrayList<>(sockets);
            next.add(new WebSocketRoute(template, access, handlers, owner));
            next.sort(Comparator.comparing(WebSocketRoute::template, PathTemplate::bySpecificity));
            sockets = List.copyOf(next);
        }
    }

    void addMount(String owner, List<String> prefix, ClassLoader loader, String resourceRoot) {
        AssetMount mount = new AssetMount(prefix, loader, resourceRoot, owner);
        synchronized (lock) {
            for (AssetMount existing : mounts) {
                if (existing.prefix().equals(mount.prefix())) {
                    throw new IllegalArgumentException("assets at " + mount.tag() + " are already registered by "
                            + describe(existing.owner()));
                }
            }
            List<AssetMount> next = new ArrayList<>(mounts);
            next.add(mount);
            next.sort(Comparator.comparingInt((AssetMount m) -> m.prefix().size()).reversed());
            mounts = List.copyOf(next);
        }
    }

    void addPage(String owner, List<String> prefix, String title, String file) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(file, "file");
        if (title.isBlank() || title.length() > MAX_PAGE_TITLE || !title.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException("a page title is 1 to " + MAX_PAGE_TITLE
                    + " printable characters, was '" + title + "'");
        }
        if (!PAGE_FILE.matcher(file).matches() || file.contains("..")) {
            throw new IllegalArgumentException("a page is a file of the panel ('nodes.html', 'fleet/index.html'), was '"
                    + file + "'");
        }
        synchronized (lock) {
            AssetMount mount = mounts.stream().filter(m -> m.owner().equals(owner) && m.prefix().equals(prefix))
                    .findFirst().orElseThrow(() -> new IllegalStateException(describe(owner)
                            + " names a page but serves no panel; call assets(...) first"));
            try {
                if (mount.read(file).isEmpty()) {
                    throw new IllegalArgumentException("page '" + title + "': the panel of " + describe(owner)
                            + " has no file '" + file + "'");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("page '" + title + "': cannot read '" + file + "': " + e.getMessage(), e);
            }
            List<PanelPage> existing = pages.getOrDefault(owner, List.of());
            if (existing.stream().anyMatch(p -> p.title().equals(title))) {
                throw new IllegalArgumentException("page '" + title + "' is already named by " + describe(owner));
            }
            List<PanelPage> next = new ArrayList<>(existing);
            next.add(new PanelPage(title, "/" + String.join("/", prefix) + "/" + file));
            Map<String, List<PanelPage>> all = new HashMap<>(pages);
            all.put(owner, List.copyOf(next));
            pages = Map.copyOf(all);
        }
    }

    /** The pages {@code owner} named, in order (empty when none). */
    List<PanelPage> pages(String owner) {
        return pages.getOrDefault(owner, List.of());
    }

    /** Whether {@code owner} serves static files (a plugin's dashboard panel). */
    boolean hasMount(String owner) {
        return mounts.stream().anyMatch(m -> m.owner().equals(owner));
    }

    /** Drops everything {@code owner} registered and closes its open WebSocket connections. */
    void removeOwner(String owner) {
        List<WebSocketRoute> removedSockets;
        synchronized (lock) {
            routes = without(routes, r -> r.owner().equals(owner));
            removedSockets = sockets.stream().filter(s -> s.owner().equals(owner)).toList();
            sockets = without(sockets, s -> s.owner().equals(owner));
            mounts = without(mounts, m -> m.owner().equals(owner));
            Map<String, List<PanelPage>> all = new HashMap<>(pages);
            all.remove(owner);
            pages = Map.copyOf(all);
        }
        for (WebSocketRoute socket : removedSockets) {
            socket.sessions().forEach(WebSocketConnection::close);
        }
    }

    /** Where a plain (non-upgrade) request goes. {@code method} is the method name as sent. */
    Resolution resolve(String method, RequestTarget target) {
        List<String> segments = target.segments();
        HttpMethod known = parseMethod(method);
        List<HttpRoute> snapshot = routes;
        Resolution found = find(snapshot, known, segments);
        if (found == null && known == HttpMethod.HEAD) {
            found = find(snapshot, HttpMethod.GET, segments);
        }
        if (found != null) {
            return found;
        }
        Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        String template = null;
        for (HttpRoute route : snapshot) {
            if (route.template().match(segments) != null) {
                allowed.add(route.method());
                template = template == null ? route.template().text() : template;
            }
        }
        if (!allowed.isEmpty()) {
            if (allowed.contains(HttpMethod.GET)) {
                allowed.add(HttpMethod.HEAD);
            }
            return new Resolution.MethodNotAllowed(template, allowed);
        }
        Optional<WebSocketRoute.Match> socket = resolveWebSocket(target);
        if (socket.isPresent()) {
            return new Resolution.UpgradeRequired(socket.get().route().template().text());
        }
        if (known == HttpMethod.GET || known == HttpMethod.HEAD) {
            for (AssetMount mount : mounts) {
                if (mount.covers(segments)) {
                    return mount.resolve(target);
                }
            }
        }
        return new Resolution.NotFound();
    }

    Optional<WebSocketRoute.Match> resolveWebSocket(RequestTarget target) {
        for (WebSocketRoute socket : sockets) {
            Map<String, String> params = socket.template().match(target.segments());
            if (params != null) {
                return Optional.of(new WebSocketRoute.Match(socket, params));
            }
        }
        return Optional.empty();
    }

    private static Resolution find(List<HttpRoute> routes, HttpMethod method, List<String> segments) {
        if (method == null) {
            return null;
        }
        for (HttpRoute route : routes) {
            if (route.method() == method) {
                Map<String, String> params = route.template().match(segments);
                if (params != null) {
                    return new Resolution.Endpoint(route, params);
                }
            }
        }
        return null;
    }

    static HttpMethod parseMethod(String method) {
        for (HttpMethod m : HttpMethod.values()) {
            if (m.name().equals(method)) {
                return m;
            }
        }
        return null;
    }

    private static <T> List<T> without(List<T> list, Predicate<T> drop) {
        return list.stream().filter(drop.negate()).toList();
    }

    private static String describe(String owner) {
        return owner.equals(KERNEL) ? "the kernel" : "plugin " + owner;
    }
}
