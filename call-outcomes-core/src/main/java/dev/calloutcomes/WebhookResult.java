package dev.calloutcomes;

import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.webhook.RejectionReason;

/**
 * What {@link CallOutcomes#handle} did with one webhook.
 *
 * @param status what happened
 * @param eventId the event's id, when it could be read
 * @param callId the call the event was applied to, when it was
 * @param outcome the call's outcome after the event, when it has one
 * @param rejection why verification failed, for {@link Status#UNAUTHENTICATED}
 * @param message a human-readable summary, free of secrets
 */
public record WebhookResult(Status status, String eventId, String callId, Outcome outcome, RejectionReason rejection,
                            String message) {

    /** What happened to a webhook. */
    public enum Status {
        /** Stored and applied to its call. */
        PROCESSED,
        /** Stored for asynchronous processing (asynchronous mode); the call is updated by the workers. */
        ACCEPTED,
        /** An event with this id was stored before; nothing changed. */
        DUPLICATE,
        /** Authentic, but says nothing about calls (tracks, ingress, unknown types); not stored. */
        IGNORED,
        /** Authentic and stored, but no tenant could be resolved: kept as a failed event for inspection. */
        UNATTRIBUTED,
        /** Failed verification; nothing stored. */
        UNAUTHENTICATED,
        /** Authentic but unparseable: kept as a failed event for inspection. */
        MALFORMED;

        /** Lower-case name used in JSON. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the webhook was refused (HTTP 4xx). */
    public boolean isRejected() {
        return status == Status.UNAUTHENTICATED || status == Status.MALFORMED;
    }
}
