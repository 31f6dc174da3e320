package dev.calloutcomes.call;

import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calloutcomes.internal.WireNames;

/** Who placed a call: {@code inbound} (the remote party called in) or {@code outbound} (we dialed). */
public enum CallDirection {
    INBOUND, OUTBOUND;

    /** Lower-case name used in JSON and SQL. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * The direction of a wire name, in any case.
     *
     * @throws InvalidInputException for anything else
     */
    @JsonCreator
    public static CallDirection fromWireName(String name) {
        return WireNames.parse(CallDirection.class, name, "direction must be inbound or outbound, was: " + name);
    }
}
