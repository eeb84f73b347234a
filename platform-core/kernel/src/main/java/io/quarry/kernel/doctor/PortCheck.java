package io.quarry.kernel.doctor;

import io.quarry.api.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether the address a config key names can be bound: a port taken by another process is named with its key. */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * @param key the config key, e.g. {@code http.listen}
     * @param value its value, {@code host:port}
     */
    static Finding check(String key, String value) {
        HostPort address;
        try {
            address = HostPort.parse(key, value);
        } catch (RuntimeException e) {
            return Finding.fail("port", key + " = " + value + " is not host:port: " + e.getMessage());
        }
        if (address.port() == 0) {
            return Finding.ok("port", key + " = " + value + " (any free port)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address.host(), address.port()));
            return Finding.ok("port", key + " = " + value + " is free");
        } catch (IOException e) {
            String detail = key + " = " + value + " cannot be bound (" + e.getMessage() + "): another process (a "
                    + "running Quarry?) holds it; stop that or set another port in " + key;
            return Finding.fail("port", detail);
        }
    }
}
