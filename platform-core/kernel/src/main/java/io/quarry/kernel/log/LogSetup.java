package io.quarry.kernel.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import ch.qos.logback.core.util.StatusPrinter2;
import io.quarry.kernel.config.LogConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code, so the node needs no {@code logback.xml}: {@link #bootstrap()} as the very first
 * thing (console, INFO, to stderr), then {@link #configure} once {@code [log]} is bound. Both replace the
 * whole configuration, so calling either again is how tests put logging back.
 *
 * <p>Console and file share one format: {@code 2026-11-21T05:00:00.123Z INFO  [thread] logger - message}, or
 * with {@code log.format = "json"} one JSON object per line (Logback's own {@link JsonEncoder}: timestamp,
 * level, threadName, loggerName, formattedMessage, throwable). Everything goes to stderr so that stdout stays
 * free for command output ({@code quarry config show}).
 */
public final class LogSetup {

    /** ISO-8601 UTC with milliseconds, as every line starts. */
    static final String TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC}";
    /** The human-readable line. */
    static final String PATTERN = TIME + " %-5level [%thread] %logger - %msg%n";
    /** The log file's name inside the log directory. */
    public static final String FILE_NAME = "quarry.log";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LogSetup.class);

    private LogSetup() {
    }

    /** Console only, INFO, human-readable, to stderr: sane logging before the configuration is read. */
    public static synchronized void bootstrap() {
        bootstrap(Level.INFO);
    }

    /**
     * Console logging at {@code rootLevel} until {@link #configure} runs. Verbs that print results (config show,
     * plugins list) start at WARN so their output is not buried in start-up chatter.
     */
    public static synchronized void bootstrap(Level rootLevel) {
        LoggerContext context = context();
        if (context == null) {
            return;
        }
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        quietLibraries(context);
        root.addAppender(console(context, false));
        attachRecentLogs(context, root);
    }

    /** PF4J narrates every plugin it expands and resolves at INFO; the kernel reports what matters itself. */
    private static void quietLibraries(LoggerContext context) {
        context.getLogger("org.pf4j").setLevel(Level.WARN);
    }

    /**
     * Applies {@code [log]}: format, root level, per-component levels and, when {@code config.file()} is true
     * and {@code logDirOrNull} is given, a rolling {@code quarry.log} in that directory (rolled daily and at
     * {@code max_file_size_mb}, keeping {@code max_history} days).
     */
    public static synchronized void configure(LogConfig config, Path logDirOrNull) {
        LoggerContext context = context();
        if (context == null) {
            LOG.warn("SLF4J is not bound to Logback ({}); [log] settings are not applied",
                    LoggerFactory.getILoggerFactory().getClass().getName());
            return;
        }
        long started = System.currentTimeMillis();
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(config.level(), Level.INFO));
        quietLibraries(context);
        for (Map.Entry<String, String> e : config.levels().entrySet()) {
            context.getLogger(e.getKey()).setLevel(Level.toLevel(e.getValue(), Level.INFO));
        }
        root.addAppender(console(context, config.json()));
        attachRecentLogs(context, root);
        Path file = null;
        if (config.file() && logDirOrNull != null) {
            try {
                Files.createDirectories(logDirOrNull);
                file = logDirOrNull.resolve(FILE_NAME);
                root.addAppender(rollingFile(context, config, logDirOrNull));
            } catch (IOException e) {
                file = null;
                LOG.warn("cannot create log directory {} ({}); logging to the console only", logDirOrNull, e.toString());
            }
        }
        // Logback reports its own configuration problems (an unwritable file, say) only as status messages.
        new StatusPrinter2().printInCaseOfErrorsOrWarnings(context, started);
        LOG.info("logging at {} as {}{}", config.level(), config.format(), file == null ? "" : " to " + file);
    }

    /** Flushes and closes every appender (and finishes compressing rolled files); call once at exit. */
    public static synchronized void shutdown() {
        LoggerContext context = context();
        if (context != null) {
            context.stop();
        }
    }

    private static LoggerContext context() {
        // Another SLF4J provider (a test harness, an embedding application) owns logging: leave it alone.
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, boolean json) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, json));
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, LogConfig config, Path dir) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(dir.resolve(FILE_NAME).toString());
        appender.setEncoder(encoder(context, config.json()));

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        // %i numbers the files of one day that rolled over by size; .gz compresses them once rolled.
        policy.setFileNamePattern(dir.resolve("quarry.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(new FileSize(config.maxFileSizeMb() * FileSize.MB_COEFFICIENT));
        policy.setMaxHistory(config.maxHistory());
        policy.setTotalSizeCap(new FileSize((long) config.maxFileSizeMb() * config.maxHistory()
                * FileSize.MB_COEFFICIENT));
        policy.start();

        // The policy also triggers the rollover; setting it as the triggering policy too makes Logback warn.
        appender.setRollingPolicy(policy);
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // The formatted message only: the raw pattern and its arguments would repeat it, the context and
            // sequence numbers are noise in a single-node log.
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static void attachRecentLogs(LoggerContext context, Logger root) {
        RecentLogs recent = RecentLogs.appender();
        recent.stop();
        recent.setContext(context);
        recent.start();
        root.addAppender(recent);
    }
}
