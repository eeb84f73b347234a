package io.quarry.fleet.http;

import java.util.List;

/**
 * The body of {@code POST /api/v1/fleet-control/remote/{peer}/deploy}.
 *
 * @param type {@code profile} (default), {@code miner} or {@code full}
 * @param profiles names of profiles stored on this controller, sent as {@code profiles/<name>.json}
 * @param files files to send
 */
public record DeployRequest(String type, List<String> profiles, List<FileEntry> files) {

    /**
     * One file.
     *
     * @param path relative path in the bundle
     * @param content base64 bytes
     * @param executable set the owner-execute bit (absent: false)
     */
    public record FileEntry(String path, String content, Boolean executable) {
    }
}
