package io.quarry.kernel.plugin;

/** A plugin could not be loaded or driven through its lifecycle. */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
