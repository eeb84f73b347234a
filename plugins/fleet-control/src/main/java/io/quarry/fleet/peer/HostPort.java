package io.quarry.fleet.peer;

/**
 * A parsed {@code HOST:PORT} ({@code [::1]:7070} for IPv6).
 *
 * @param host the host, without brackets
 * @param port the port
 */
public record HostPort(String host, int port) {

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank() || text.length() > 300) {
            throw new IllegalArgumentException("address must be HOST:PORT, was '" + text + "'");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("address must be HOST:PORT, was '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address must end in a port number, was '" + text + "'");
        }
        if (port < 1 || port > 65535 || host.isBlank()) {
            throw new IllegalArgumentException("address must be HOST:PORT with a port 1..65535, was '" + text + "'");
        }
        return new HostPort(host, port);
    }
}
