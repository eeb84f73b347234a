package io.quarry.kernel.cli;

/** Process exit codes of the {@code quarry} command. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The command ran and failed (I/O, a refused restore, a node that would not start). */
    public static final int FAILED = 1;
    /** The command line or the configuration is wrong; nothing was started. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
