package io.quarry.fleet.protocol;

import io.quarry.api.transport.Protocol;

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

    /**
     * Deploys: a signed {@code deploy} command as the upload's header, then the sealed bundle as its streamed body
     * ({@link io.quarry.fleet.bundle.ChunkedAead}), answered like any command.
     */
    public static final Protocol<FleetCommand, FleetReply> DEPLOY =
            Protocol.of("fleet-control/deploy/" + VERSION, FleetCommand.class, FleetReply.class)
                    .withMaxMessageBytes(MAX_DEPLOY_HEADER_BYTES).withMaxConcurrent(MAX_CONCURRENT_DEPLOYS);

    private FleetProtocol() {
    }
}
