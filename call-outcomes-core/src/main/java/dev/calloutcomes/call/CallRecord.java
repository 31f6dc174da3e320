package dev.calloutcomes.call;

import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A call as recorded: a function of its registration and the set of its events. Every field but
 * {@code id}, {@code tenantId} and {@code status} may be null.
 *
 * @param id stable id: derived from the room instance alone (see {@link #idForInstance}), so that it stays when
 *        the call's owner changes; for a call registered before its room existed, or whose events carry no room
 *        sid, from tenant and room name (see {@link #idFor})
 * @param tenantId the owning tenant
 * @param status where the call stands
 * @param outcome how it ended (only when {@code status} is {@link CallStatus#ENDED})
 * @param reason the name of the rule that decided the outcome
 * @param disposition the finer account of how it ended, one of the outcome's (with {@code outcome})
 * @param durationSeconds whole seconds the callee was in the call
 * @param metadata a JSON object: the registration's metadata overlaid with the room's
 * @param registration what the host registered, or null
 * @param ownerEvidence what gave the call its owner: the strongest evidence among its events (null on a record
 *        no event or registration has reached)
 * @param ownerContested whether signed evidence in the call's events named more than one tenant; the strongest,
 *        then the earliest, decided (see {@link OwnerEvidence})
 * @param ringSeconds whole seconds from dialing (the callee's join) to the answer, when the host reported the answer
 *        ({@link dev.calloutcomes.fact.CallFact.Answered}); else null
 * @param talkSeconds whole seconds from the answer to the end, when the host reported the answer; else null (and
 *        {@code durationSeconds}, which then counts ringing too, is what the rules measured)
 * @param agent the identity of the call's agent (its first AGENT participant), or null
 * @param simulated whether LiveKit marked a participant of the call as simulated ({@code kindDetails} {@code SIMULATION}):
 *        a test of an agent, left out of stats unless asked for
 * @param recordingError why the call's recording failed (an egress that ended {@code EGRESS_FAILED} or
 *        {@code EGRESS_ABORTED}, and none that completed), or null
 * @param carrierCallIds a JSON object of the carrier's own call ids that SIP participants carried
 *        ({@code sip.twilio.callSid}, {@code sip.telnyx.callLegID}, ...), for reconciliation; or null
 * @param hangUpBy who ended the call as the host reported it ({@code agent}, {@code callee}, {@code system}), or null
 * @param transferTarget where a transfer the host reported as completed went, or null
 * @param transcript the transcript the host reported, or null
 * @param transcriptUrl where the host keeps it, or null
 * @param transcriptLanguage its language tag, or null
 * @param analysis a JSON object the host's analysis of the call reported, or null
 * @param createdAt when this record was first written (store clock)
 * @param updatedAt when it was last written
 */
public record CallRecord(String id, String tenantId, CallStatus status, Outcome outcome, String reason,
                         Disposition disposition, CallDirection direction, String phoneNumber, String campaignId, String leadId, String sipCallId,
                         String trunkNumber, String roomSid, String roomName, Instant startedAt, Instant endedAt,
                         Long durationSeconds, String recordingUrl, String metadata, CallRegistration registration,
                         OwnerEvidence ownerEvidence, boolean ownerContested, Long ringSeconds, Long talkSeconds, String agent,
                         boolean simulated, String recordingError, String carrierCallIds, String hangUpBy, String transferTarget,
                         String transcript, String transcriptUrl, String transcriptLanguage, String analysis,
                         Instant createdAt, Instant updatedAt) {

    /**
     * The id of {@code tenantId}'s call of {@code roomKey}, a room name: for a registration made before its room
     * exists, and for events that carry no room sid (the seed's format). A name-based UUID, so that every
     * process agrees on it without coordination.
     */
    public static String idFor(String tenantId, String roomKey) {
        return UUID.nameUUIDFromBytes((tenantId + "\u0000" + roomKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The id of the call of the room instance with sid {@code roomSid}: a name-based UUID, so that every process
     * and every delivery order agrees on it, and the same whichever tenant owns the call, so that it does not
     * change when the owner does. Two instances of one room name (a name used again) are two calls with two ids.
     * Every read is scoped to the owning tenant: another tenant that learns the id reads nothing by it.
     */
    public static String idForInstance(String roomSid) {
        return UUID.nameUUIDFromBytes(("room-instance\u0000" + roomSid).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An empty record of a call that is about to receive its first registration or event. */
    public static CallRecord skeleton(String id, String tenantId, String roomSid, String roomName, Instant now) {
        return new CallRecord(id, tenantId, CallStatus.REGISTERED, null, null, null, null, null, null, null, null, null,
                roomSid, roomName, null, null, null, null, null, null, null, false, null, null, null, false, null, null, null, null, null, null, null, null, now, now);
    }

    /** Whether the call has ended (and so has an outcome). */
    public boolean isEnded() {
        return status == CallStatus.ENDED;
    }

    /** The same record ended as {@link Outcome#FAILED} for {@code why} (the name of what decided it). */
    public CallRecord closedAsFailed(String why) {
        return new CallRecord(id, tenantId, CallStatus.ENDED, Outcome.FAILED, why, Disposition.UNKNOWN, direction, phoneNumber, campaignId,
                leadId, sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl,
                metadata, registration, ownerEvidence, ownerContested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage,
                analysis, createdAt, updatedAt);
    }

    /** The same record with different timestamps; handy for comparing what events decided. */
    public CallRecord withTimestamps(Instant created, Instant updated) {
        return new CallRecord(id, tenantId, status, outcome, reason, disposition, direction, phoneNumber, campaignId, leadId,
                sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl, metadata,
                registration, ownerEvidence, ownerContested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage,
                analysis, created, updated);
    }

    /** The same record with a different registration. */
    public CallRecord withRegistration(CallRegistration value) {
        return new CallRecord(id, tenantId, status, outcome, reason, disposition, direction, phoneNumber, campaignId, leadId,
                sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl, metadata,
                value, ownerEvidence, ownerContested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage,
                analysis, createdAt, updatedAt);
    }

    /** The same record owned by {@code tenant} (its id unchanged). */
    public CallRecord withTenant(String tenant) {
        return new CallRecord(id, tenant, status, outcome, reason, disposition, direction, phoneNumber, campaignId, leadId,
                sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl, metadata,
                registration, ownerEvidence, ownerContested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage,
                analysis, createdAt, updatedAt);
    }

    /** The same record with what gave it its owner. */
    public CallRecord withOwnerEvidence(OwnerEvidence evidence, boolean contested) {
        return new CallRecord(id, tenantId, status, outcome, reason, disposition, direction, phoneNumber, campaignId, leadId,
                sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl, metadata,
                registration, evidence, contested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage,
                analysis, createdAt, updatedAt);
    }
}
