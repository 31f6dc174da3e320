package dev.calloutcomes.call;

import dev.calloutcomes.internal.WireNames;

import java.util.Locale;

/** Where a call stands. Only {@link #ENDED} calls have an outcome. */
public enum CallStatus {
    /** Registered by the host; no event yet. */
    REGISTERED,
    /** The callee is being dialed. */
    DIALING,
    /** The callee's phone is ringing. */
    RINGING,
    /** Events arrived and the call has not ended. */
    IN_PROGRESS,
    /** The callee left or the room finished; the call has an outcome. */
    ENDED;

    /** Lower-case name used in JSON and SQL. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallStatus fromWireName(String name) {
        return WireNames.parse(CallStatus.class, name, "unknown call status: " + name);
    }
}
