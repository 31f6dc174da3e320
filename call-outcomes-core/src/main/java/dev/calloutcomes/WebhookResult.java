package dev.calloutcomes;

import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import java.util.Locale;

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
        /**
         * Written to the local spool because the store was unavailable (see {@link CallOutcomes.Builder#spool}); moved
         * into the store, and applied, once it answers again.
         */
        SPOOLED,
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
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The event was stored and applied to call {@code callId}, which now has {@code outcome} (or none yet). */
    public static WebhookResult processed(String eventId, String callId, Outcome outcome, String message) {
        return new WebhookResult(Status.PROCESSED, eventId, callId, outcome, null, message);
    }

    /** The event was stored for the workers (asynchronous mode). */
    public static WebhookResult accepted(String eventId) {
        return new WebhookResult(Status.ACCEPTED, eventId, null, null, null, "Accepted for processing");
    }

    /** An event with this id was stored before. */
    public static WebhookResult spooled(String eventId) {
        return new WebhookResult(Status.SPOOLED, eventId, null, null, null, "Accepted; waiting in the spool until the store answers");
    }

    public static WebhookResult duplicate(String eventId) {
        return new WebhookResult(Status.DUPLICATE, eventId, null, null, null, "Duplicate event");
    }

    /** The event says nothing about a call. */
    public static WebhookResult ignored(String eventId, String message) {
        return new WebhookResult(Status.IGNORED, eventId, null, null, null, message);
    }

    /** The event was kept as failed: no tenant could be resolved. */
    public static WebhookResult unattributed(String eventId, String message) {
        return new WebhookResult(Status.UNATTRIBUTED, eventId, null, null, null, message);
    }

    /** Verification failed, for {@code reason}. */
    public static WebhookResult unauthenticated(RejectionReason reason, String message) {
        return new WebhookResult(Status.UNAUTHENTICATED, null, null, null, reason, message);
    }

    /** Authentic but unparseable; kept as failed event {@code keptAs}. */
    public static WebhookResult malformed(String keptAs, String message) {
        return new WebhookResult(Status.MALFORMED, keptAs, null, null, null, message);
    }

    /** Whether the webhook was refused (HTTP 4xx). */
    public boolean isRejected() {
        return status == Status.UNAUTHENTICATED || status == Status.MALFORMED;
    }
}
