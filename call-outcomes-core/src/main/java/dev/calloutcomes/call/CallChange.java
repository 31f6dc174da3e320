package dev.calloutcomes.call;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEvent;
import java.util.Objects;

/**
 * One event's effect on a call.
 *
 * @param event the event that was applied, or null for a registration
 * @param before the call before (a fresh skeleton for a new call)
 * @param after the call after
 */
public record CallChange(LiveKitEvent event, CallRecord before, CallRecord after) {
    /** Whether this change gave the call an outcome, or a different one. */
    public boolean outcomeChanged() {
        return after.outcome() != null && !Objects.equals(before.outcome(), after.outcome());
    }
}
