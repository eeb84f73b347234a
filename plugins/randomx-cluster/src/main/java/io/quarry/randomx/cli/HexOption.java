package io.quarry.randomx.cli;

import java.util.HexFormat;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Hex option values, with errors that name the option. */
final class HexOption {

    private HexOption() {
    }

    /** The bytes of {@code value}, or a picocli parameter error naming {@code option}. */
    static byte[] parse(CommandSpec spec, String option, String value) {
        try {
            return HexFormat.of().parseHex(value.trim());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be an even number of hex digits, was '" + value + "'");
        }
    }
}
