package dev.calloutcomes.store;

import dev.calloutcomes.internal.WireNames;

import java.util.Locale;

/** The processing state of a stored event. */
public enum EventStatus {
    /** Stored, not yet applied to its call. */
    PENDING,
    /** Applied to its call. */
    PROCESSED,
    /** Kept for inspection: unparseable, or its tenant could not be resolved; see the error. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventStatus fromWireName(String name) {
        return WireNames.parse(EventStatus.class, name, "unknown event status: " + name);
    }
}
