package io.quarry.kernel.http;

import java.util.Objects;

/**
 * A named page of a plugin's panel, as the dashboard's navigation lists it.
 *
 * @param title the link's text
 * @param path the page's URL path, e.g. {@code /plugins/fleet-control/nodes.html}
 */
public record PanelPage(String title, String path) {

    public PanelPage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(path, "path");
    }
}
