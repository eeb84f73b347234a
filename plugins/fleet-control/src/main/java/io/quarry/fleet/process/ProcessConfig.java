package io.quarry.fleet.process;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.Range;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code [[fleet-control.processes]]} table: an external miner process this node starts and supervises,
 * registered as the miner {@code fleet-control/<name>} of kind {@code <kind>}.
 *
 * @param name unique among the processes; letters, digits, '.', '_' or '-'
 * @param kind {@code xmrig} (the adapter adds XMRig's HTTP API options) or {@code generic}
 * @param command the argv: program first, then its arguments
 * @param restart {@code never}, {@code on-failure} or {@code always}
 * @param restartDelayMs wait before a restart
 * @param logLines output lines kept for get_logs
 * @param autostart start it when the node starts
 */
public record ProcessConfig(String name, String kind, List<String> command, String restart,
        @Range(min = 0, max = 3_600_000) long restartDelayMs, @Range(min = 10, max = 100_000) int logLines,
        boolean autostart) {

    /** What an entry's omitted keys mean; {@code name}, {@code kind} and {@code command} must be given. */
    public static final ProcessConfig DEFAULTS = new ProcessConfig("", "generic", List.of(), "on-failure", 5_000, 1_000, true);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(restart, "restart");
        command = List.copyOf(command);
        if (!name.isEmpty() || !command.isEmpty()) {
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException("name", "name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
            }
            if (!kind.equals("xmrig") && !kind.equals("generic")) {
                throw new ConfigException("kind", "kind must be xmrig or generic, was '" + kind + "'");
            }
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new ConfigException("command", "command must name the program to run (an argv list)");
            }
            RestartPolicy.parse(restart);
        }
    }

    /** The restart policy. */
    public RestartPolicy restartPolicy() {
        return RestartPolicy.parse(restart);
    }
}
