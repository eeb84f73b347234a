package io.quarry.api.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;

/**
 * Progress of one long piece of command-line work (dataset initialisation, an upload, a deploy, a backup).
 *
 * <p>On a terminal it redraws a single line with {@code \r}: label, percent, done/total and rate. Off a terminal
 * (a pipe, a log file, a CI job) it prints plain lines instead, at most one each {@code plainStepPercent}
 * percent or each {@code plainInterval}, whichever comes first, so logs stay short and readable. {@link #finish()}
 * always prints one final line. A total of zero or less means the total is unknown: lines then show the amount
 * done and the rate without a percent.
 *
 * <p>Not thread-safe: one thread reports.
 */
public final class Progress {

    /** Terminal redraws at most this often, so a fast loop does not flood the terminal. */
    private static final long REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final InstantSource clock;
    private final Unit unit;
    private final int plainStepPercent;
    private final long plainIntervalMillis;
    private final long startMillis;
    private long done;
    private long lastPrintMillis;
    private int lastPrintedPercent;
    private boolean finished;

    /** How amounts print: as counts or as bytes (KiB, MiB, GiB). */
    public enum Unit {
        /** Plain counts. */
        COUNT,
        /** Bytes, scaled to KiB/MiB/GiB. */
        BYTES,
        /** The work counts itself in percent (total 100): lines show the percent and the time taken, no rate. */
        PERCENT
    }

    private Progress(PrintWriter out, String label, long total, Unit unit, boolean terminal, InstantSource clock,
            int plainStepPercent, Duration plainInterval) {
        if (plainStepPercent < 1 || plainStepPercent > 100) {
            throw new IllegalArgumentException("plainStepPercent must be 1..100, was " + plainStepPercent);
        }
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
        this.clock = clock;
        this.plainStepPercent = plainStepPercent;
        this.plainIntervalMillis = plainInterval.toMillis();
        this.startMillis = clock.millis();
        this.lastPrintMillis = startMillis;
    }

    /** Progress on {@code out}, drawn in place when this process has a console, as plain lines otherwise. */
    public static Progress of(PrintStream out, String label, long total, Unit unit) {
        return of(out, label, total, unit, onTerminal(), InstantSource.system());
    }

    /**
     * Whether this process writes to a terminal: it has a console and, on a JDK that can say so
     * ({@code Console.isTerminal()}, from JDK 22, whose {@code System.console()} is no longer null when output is
     * redirected), that console is a terminal.
     */
    public static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console is only there when the streams are a terminal
        }
    }

    /** Progress with the terminal decision and clock given; plain lines every 10 % or 5 s. */
    public static Progress of(PrintStream out, String label, long total, Unit unit, boolean terminal,
            InstantSource clock) {
        return of(out, label, total, unit, terminal, clock, 10, Duration.ofSeconds(5));
    }

    /** Progress with every choice given. */
    public static Progress of(PrintStream out, String label, long total, Unit unit, boolean terminal,
            InstantSource clock, int plainStepPercent, Duration plainInterval) {
        return of(new PrintWriter(out, false, out.charset()), label, total, unit, terminal, clock, plainStepPercent,
                plainInterval);
    }

    /** As {@link #of(PrintStream, String, long, Unit)}, on a writer (such as a picocli command's output). */
    public static Progress of(PrintWriter out, String label, long total, Unit unit) {
        return of(out, label, total, unit, onTerminal(), InstantSource.system(), 10, Duration.ofSeconds(5));
    }

    /** Progress with every choice given, on a writer. */
    public static Progress of(PrintWriter out, String label, long total, Unit unit, boolean terminal,
            InstantSource clock, int plainStepPercent, Duration plainInterval) {
        return new Progress(out, label, total, unit, terminal, clock, plainStepPercent, plainInterval);
    }

    /** Adds {@code delta} to the amount done. */
    public void advance(long delta) {
        update(done + delta);
    }

    /** Sets the amount done (never below what was reported before). */
    public void update(long newDone) {
        if (finished) {
            return;
        }
        done = Math.max(done, newDone);
        long now = clock.millis();
        int percent = percent();
        if (terminal) {
            if (now - lastPrintMillis >= REDRAW_MILLIS || percent != lastPrintedPercent) {
                out.print("\r" + line(now) + "   ");
                out.flush();
                lastPrintMillis = now;
                lastPrintedPercent = percent;
            }
            return;
        }
        boolean stepCrossed = total > 0 && percent / plainStepPercent > lastPrintedPercent / plainStepPercent;
        if (stepCrossed || now - lastPrintMillis >= plainIntervalMillis) {
            out.println(line(now));
            out.flush();
            lastPrintMillis = now;
            lastPrintedPercent = percent;
        }
    }

    /** Prints the final line (ending the terminal line); later calls do nothing. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        String line = line(clock.millis()) + " done";
        out.print(terminal ? "\r" + line + "   " + System.lineSeparator() : line + System.lineSeparator());
        out.flush();
    }

    /** The amount done so far. */
    public long done() {
        return done;
    }

    private int percent() {
        return total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
    }

    private String line(long now) {
        double seconds = Math.max(now - startMillis, 1) / 1000.0;
        if (unit == Unit.PERCENT) {
            return String.format(Locale.ROOT, "%s %3d%% (%.1f s)", label, percent(), (now - startMillis) / 1000.0);
        }
        String rate = amount((long) (done / seconds)) + "/s";
        if (total > 0) {
            return String.format(Locale.ROOT, "%s %3d%% %s/%s (%s)", label, percent(), amount(done), amount(total), rate);
        }
        return String.format(Locale.ROOT, "%s %s (%s)", label, amount(done), rate);
    }

    private String amount(long value) {
        if (unit == Unit.COUNT) {
            return Long.toString(value);
        }
        if (value < 1024) {
            return value + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double scaled = value;
        int i = -1;
        while (scaled >= 1024 && i < units.length - 1) {
            scaled /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[i]);
    }
}
