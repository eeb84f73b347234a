package io.quarry.kernel;

import io.quarry.kernel.cli.QuarryCommand;
import io.quarry.kernel.log.LogSetup;

/** {@code java -jar quarry.jar <verb>}: the command line entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // A node logs its start-up; every other verb prints its result and only warnings besides.
        boolean runsNode = args.length == 0 || args[0].equals("run") || args[0].startsWith("-");
        LogSetup.bootstrap(runsNode ? ch.qos.logback.classic.Level.INFO : ch.qos.logback.classic.Level.WARN);
        int code = QuarryCommand.execute(args);
        System.exit(code);
    }
}
