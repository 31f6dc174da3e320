package dev.calloutcomes.call;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEvent;
import java.util.Objects;

/**
 * One event's effect on a call.
 *
 * @param event the event that was applied, or null for a registration
 * @param before the call before (a fresh skeleton for a new call); when stronger evidence gave the call to
 *        another tenant, as its previous owner had it (see {@link #ownerChanged()})
 * @param after the call after
 */
public record CallChange(LiveKitEvent event, CallRecord before, CallRecord after) {
    /**
     * Whether this change gave the call to another tenant: signed evidence (room metadata, a SIP or agent
     * participant's attribute) named a tenant other than the one a weaker link had given it to. The previous
     * owner no longer sees it; {@code after} has the id its new owner and room give it.
     */
    public boolean ownerChanged() {
        return !before.tenantId().equals(after.tenantId());
    }

    /** Whether this change gave the call an outcome, or a different one. */
    public boolean outcomeChanged() {
        return after.verdict().outcome() != null && !Objects.equals(before.verdict().outcome(), after.verdict().outcome());
    }
}
