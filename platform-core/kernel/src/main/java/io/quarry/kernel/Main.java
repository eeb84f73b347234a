package io.quarry.kernel;

import io.quarry.kernel.cli.QuarryCommand;
import io.quarry.kernel.log.LogSetup;

/** {@code java -jar quarry.jar <verb>}: the command line entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.bootstrap();
        int code = QuarryCommand.commandLine().execute(args);
        System.exit(code);
    }
}
