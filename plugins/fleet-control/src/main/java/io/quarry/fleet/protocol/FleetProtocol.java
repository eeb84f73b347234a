package io.quarry.fleet.protocol;

import io.quarry.api.transport.Protocol;

/** The fleet command protocol on the kernel transport; its wire shapes are documented in {@code docs/plugins.md}. */
public final class FleetProtocol {

    /** The message format version carried in every command. */
    public static final int VERSION = 1;

    /** Largest command or reply: a deploy bundle or a page of logs fits, anything more is cut off. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** Commands from a controller, answered by the worker. */
    public static final Protocol<FleetCommand, FleetReply> COMMAND =
            Protocol.of("fleet-control/command/" + VERSION, FleetCommand.class, FleetReply.class)
                    .withMaxMessageBytes(MAX_MESSAGE_BYTES);

    private FleetProtocol() {
    }
}
