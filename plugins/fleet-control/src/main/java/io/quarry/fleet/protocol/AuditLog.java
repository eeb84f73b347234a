package io.quarry.fleet.protocol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per command a worker takes or refuses, on the logger {@code io.quarry.fleet.protocol.AuditLog}, and
 * counters by outcome: {@code <prefix>.commands.accepted{type}} and {@code <prefix>.commands.refused{code}}.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_FIELD = 80;

    private final MeterRegistry registry;
    private final String acceptedName;
    private final String refusedName;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param registry where the counters go
     * @param acceptedName the accepted counter's name
     * @param refusedName the refused counter's name
     */
    public AuditLog(MeterRegistry registry, String acceptedName, String refusedName) {
        this.registry = registry;
        this.acceptedName = acceptedName;
        this.refusedName = refusedName;
    }

    /** Records a command carried out. */
    public void accepted(String peerId, FleetCommand command) {
        counter(acceptedName, "type", CommandType.of(command.type()).map(CommandType::wire).orElse("unknown")).increment();
        LOG.info("fleet audit: accepted {} id={} from {}", clean(command.type()), clean(command.id()), clean(peerId));
    }

    /** Records a command refused, with why. */
    public void refused(String peerId, FleetCommand command, Refusal refusal) {
        counter(refusedName, "code", refusal.code().wire()).increment();
        LOG.warn("fleet audit: refused {} id={} from {} claiming {}: {} ({})", clean(command.type()), clean(command.id()),
                clean(peerId), clean(command.from()), refusal.code().wire(), clean(refusal.message()));
    }

    /** How many commands of {@code type} were accepted (for tests and the panel). */
    public double acceptedCount(CommandType type) {
        Counter c = counters.get(acceptedName + "|type|" + type.wire());
        return c == null ? 0 : c.count();
    }

    /** How many commands were refused with {@code code} (for tests and the panel). */
    public double refusedCount(ErrorCode code) {
        Counter c = counters.get(refusedName + "|code|" + code.wire());
        return c == null ? 0 : c.count();
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + tag + "|" + value,
                k -> Counter.builder(name).tag(tag, value).register(registry));
    }

    /** Peer-supplied text in a log line: printable ASCII only, bounded, so it cannot forge or flood lines. */
    static String clean(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_FIELD));
        for (int i = 0; i < text.length() && out.length() < MAX_FIELD; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > MAX_FIELD) {
            out.append("...");
        }
        return out.toString();
    }
}
