package dev.calloutcomes.outcome;

import dev.calloutcomes.internal.WireNames;

import java.util.Locale;

/** How a call ended. {@link #wireName()} is the lower-case form used in JSON and SQL. */
public enum Outcome {
    COMPLETED, NO_ANSWER, BUSY, FAILED, VOICEMAIL;

    /** {@code completed}, {@code no_answer}, {@code busy}, {@code failed} or {@code voicemail}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of a wire name, case-insensitive. */
    public static Outcome fromWireName(String name) {
        return WireNames.parse(Outcome.class, name, "unknown outcome: " + name);
    }
}
