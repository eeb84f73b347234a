package com.example.hello;

import java.util.Objects;

/**
 * What one node sends another over the {@code hello-miner/greet/1} protocol.
 *
 * @param from the sender's node name
 * @param text what it says (at most {@link #MAX_TEXT_CHARS} characters)
 */
public record Greeting(String from, String text) {

    /** The longest greeting text. */
    public static final int MAX_TEXT_CHARS = 200;

    /** Refuses a greeting without sender or text, or one that is too long. */
    public Greeting {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        if (text.isBlank() || text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a greeting must be 1-" + MAX_TEXT_CHARS + " characters");
        }
    }
}
