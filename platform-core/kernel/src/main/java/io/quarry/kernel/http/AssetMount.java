package io.quarry.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Static files served from a class loader's resources under {@code root}, at the URL path {@code prefix}.
 *
 * @param prefix the URL path segments the mount sits at ({@code []} for the dashboard at "/")
 * @param loader where the files are
 * @param root the resource directory, without leading or trailing '/'
 * @param owner the plugin id, or {@link HttpRoutes#KERNEL}
 */
record AssetMount(List<String> prefix, ClassLoader loader, String root, String owner) {

    AssetMount {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(root, "resourceRoot");
        root = strip(root);
        if (root.isEmpty()) {
            // An empty root would publish every class and resource the loader can see.
            throw new IllegalArgumentException("asset resource root must name a directory, was '/'");
        }
        prefix = List.copyOf(prefix);
    }

    /** The route tag for metrics, e.g. {@code /plugins/storage/*}. */
    String tag() {
        return prefix.isEmpty() ? "/*" : "/" + String.join("/", prefix) + "/*";
    }

    boolean covers(List<String> segments) {
        return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
    }

    Resolution resolve(RequestTarget target) {
        List<String> rest = target.segments().subList(prefix.size(), target.segments().size());
        if (rest.isEmpty() && !target.trailingSlash()) {
            return new Resolution.Redirect(target.rawPath() + "/");
        }
        for (String segment : rest) {
            // '..' is refused when parsing; an encoded '/' or '\' inside one segment could still climb out.
            if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
                return new Resolution.NotFound();
            }
        }
        String relative = String.join("/", rest);
        if (rest.isEmpty() || target.trailingSlash()) {
            relative = relative.isEmpty() ? "index.html" : relative + "/index.html";
        }
        return new Resolution.Asset(this, relative);
    }

    /** The file's bytes, or empty when there is no such file (directories count as missing). */
    Optional<byte[]> read(String relative) throws IOException {
        URL url = loader.getResource(root + "/" + relative);
        if (url == null) {
            return Optional.empty();
        }
        if ("file".equals(url.getProtocol()) && !Files.isRegularFile(toPath(url))) {
            return Optional.empty();
        }
        URLConnection connection = url.openConnection();
        // Caching would keep a plugin's jar open after the plugin is unloaded.
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream()) {
            if (connection instanceof JarURLConnection jar && jar.getJarEntry() != null
                    && jar.getJarEntry().isDirectory()) {
                return Optional.empty();
            }
            return Optional.of(in.readAllBytes());
        }
    }

    private static Path toPath(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("unreadable resource URL " + url, e);
        }
    }

    private static String strip(String root) {
        int from = 0;
        int to = root.length();
        while (from < to && root.charAt(from) == '/') {
            from++;
        }
        while (to > from && root.charAt(to - 1) == '/') {
            to--;
        }
        return root.substring(from, to);
    }
}
