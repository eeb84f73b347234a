package io.quarry.subnet.api;

/**
 * One answered request, as the request log and the panel show it.
 *
 * @param atMillis when it was answered
 * @param caller the caller's short hotkey ({@code 5F3sa2TJ...}) or {@code unknown}
 * @param route the route
 * @param status the status sent
 * @param millis how long answering took
 * @param reason why it was refused; empty when it was served
 */
public record RequestRecord(long atMillis, String caller, String route, int status, double millis, String reason) {

    /** The short form of a hotkey in logs: its first 8 characters and "...". */
    public static String shortHotkey(String hotkey) {
        if (hotkey == null || hotkey.isBlank()) {
            return "unknown";
        }
        String printable = hotkey.replaceAll("[^\\x21-\\x7e]", "?");
        return printable.length() <= 8 ? printable : printable.substring(0, 8) + "...";
    }
}
