package io.quarry.fleet.protocol;

import io.quarry.api.transport.Protocol;
import io.quarry.fleet.FleetControlConfig;
import java.time.Duration;

/** The fleet command protocol on the kernel transport; its wire shapes are documented in {@code docs/plugins.md}. */
public final class FleetProtocol {

    /** The message format version carried in every command. */
    public static final int VERSION = 1;

    /** Largest command or reply: a page of logs fits, anything more is cut off. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** Commands from a controller, answered by the worker. */
    public static final Protocol<FleetCommand, FleetReply> COMMAND =
            Protocol.of("fleet-control/command/" + VERSION, FleetCommand.class, FleetReply.class)
                    .withMaxMessageBytes(MAX_MESSAGE_BYTES);

    /** Largest deploy command (the bundle's header; the bundle itself streams after it). */
    public static final int MAX_DEPLOY_HEADER_BYTES = 64 * 1024;
    /** Most deploys a worker takes at once. */
    public static final int MAX_CONCURRENT_DEPLOYS = 4;

    /** The slowest rate a deploy's wait allows for moving the bundle's body to the worker (256 KiB/s). */
    public static final long MIN_UPLOAD_BYTES_PER_SECOND = 256 * 1024;
    /**
     * The slowest rate a deploy's wait allows the worker for unpacking and installing the bundle once its last
     * byte arrived (4 MiB/s: the writes of a slow SD card).
     */
    public static final long MIN_INSTALL_BYTES_PER_SECOND = 4L << 20;

    /**
     * Deploys: a signed {@code deploy} command as the upload's header, then the sealed bundle as its streamed body
     * ({@link io.quarry.fleet.bundle.ChunkedAead}), answered like any command. Its timeout (the transport's wait for
     * the reply after the last body byte) covers installing the largest allowed bundle after the default command
     * timeout; a controller sets it per bundle with {@link #deploy}.
     */
    public static final Protocol<FleetCommand, FleetReply> DEPLOY =
            Protocol.of("fleet-control/deploy/" + VERSION, FleetCommand.class, FleetReply.class)
                    .withMaxMessageBytes(MAX_DEPLOY_HEADER_BYTES).withMaxConcurrent(MAX_CONCURRENT_DEPLOYS)
                    .withTimeout(deployWait(Duration.ofMillis(FleetControlConfig.DEFAULT_COMMAND_TIMEOUT_MS),
                            0, FleetControlConfig.MAX_BUNDLE_BYTES));

    /**
     * The whole wait for a deploy's reply, from the call to the answer: {@code commandTimeout}, plus the sealed
     * body ({@code bodyBytes}) at {@value #MIN_UPLOAD_BYTES_PER_SECOND} bytes a second, plus the install of the
     * {@code bundleBytes} tar at {@value #MIN_INSTALL_BYTES_PER_SECOND} bytes a second.
     */
    public static Duration deployWait(Duration commandTimeout, long bodyBytes, long bundleBytes) {
        return commandTimeout.plusMillis(Math.ceilDiv(bodyBytes * 1000, MIN_UPLOAD_BYTES_PER_SECOND))
                .plusMillis(Math.ceilDiv(bundleBytes * 1000, MIN_INSTALL_BYTES_PER_SECOND));
    }

    /**
     * {@link #DEPLOY} with {@code wait} as its timeout: the transport then waits at least as long after the last
     * body byte as the caller waits for the whole call, so the caller's wait is the one limit that applies.
     */
    public static Protocol<FleetCommand, FleetReply> deploy(Duration wait) {
        return DEPLOY.withTimeout(wait);
    }

    private FleetProtocol() {
    }
}
