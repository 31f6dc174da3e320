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
        return builder().id(id).tenantId(tenantId).status(CallStatus.REGISTERED).roomSid(roomSid).roomName(roomName)
                .createdAt(now).updatedAt(now).build();
    }

    /** Whether the call has ended (and so has an outcome). */
    public boolean isEnded() {
        return status == CallStatus.ENDED;
    }

    /** The same record ended as {@link Outcome#FAILED} for {@code why} (the name of what decided it). */
    public CallRecord closedAsFailed(String why) {
        return toBuilder().status(CallStatus.ENDED).outcome(Outcome.FAILED).reason(why).disposition(Disposition.UNKNOWN).build();
    }

    /** The same record with different timestamps; handy for comparing what events decided. */
    public CallRecord withTimestamps(Instant created, Instant updated) {
        return toBuilder().createdAt(created).updatedAt(updated).build();
    }

    /** The same record with a different registration. */
    public CallRecord withRegistration(CallRegistration value) {
        return toBuilder().registration(value).build();
    }

    /** The same record owned by {@code tenant} (its id unchanged). */
    public CallRecord withTenant(String tenant) {
        return toBuilder().tenantId(tenant).build();
    }

    /** The same record with what gave it its owner. */
    public CallRecord withOwnerEvidence(OwnerEvidence evidence, boolean contested) {
        return toBuilder().ownerEvidence(evidence).ownerContested(contested).build();
    }

    /** A builder with every field unset (null, false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values: change what differs, then {@link Builder#build()}. */
    public Builder toBuilder() {
        Builder b = new Builder();
            b.id = id;
            b.tenantId = tenantId;
            b.status = status;
            b.outcome = outcome;
            b.reason = reason;
            b.disposition = disposition;
            b.direction = direction;
            b.phoneNumber = phoneNumber;
            b.campaignId = campaignId;
            b.leadId = leadId;
            b.sipCallId = sipCallId;
            b.trunkNumber = trunkNumber;
            b.roomSid = roomSid;
            b.roomName = roomName;
            b.startedAt = startedAt;
            b.endedAt = endedAt;
            b.durationSeconds = durationSeconds;
            b.recordingUrl = recordingUrl;
            b.metadata = metadata;
            b.registration = registration;
            b.ownerEvidence = ownerEvidence;
            b.ownerContested = ownerContested;
            b.ringSeconds = ringSeconds;
            b.talkSeconds = talkSeconds;
            b.agent = agent;
            b.simulated = simulated;
            b.recordingError = recordingError;
            b.carrierCallIds = carrierCallIds;
            b.hangUpBy = hangUpBy;
            b.transferTarget = transferTarget;
            b.transcript = transcript;
            b.transcriptUrl = transcriptUrl;
            b.transcriptLanguage = transcriptLanguage;
            b.analysis = analysis;
            b.createdAt = createdAt;
            b.updatedAt = updatedAt;
        return b;
    }

    /** Builds a {@link CallRecord} field by field, the one way to make or copy one. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String tenantId;
        private CallStatus status;
        private Outcome outcome;
        private String reason;
        private Disposition disposition;
        private CallDirection direction;
        private String phoneNumber;
        private String campaignId;
        private String leadId;
        private String sipCallId;
        private String trunkNumber;
        private String roomSid;
        private String roomName;
        private Instant startedAt;
        private Instant endedAt;
        private Long durationSeconds;
        private String recordingUrl;
        private String metadata;
        private CallRegistration registration;
        private OwnerEvidence ownerEvidence;
        private boolean ownerContested;
        private Long ringSeconds;
        private Long talkSeconds;
        private String agent;
        private boolean simulated;
        private String recordingError;
        private String carrierCallIds;
        private String hangUpBy;
        private String transferTarget;
        private String transcript;
        private String transcriptUrl;
        private String transcriptLanguage;
        private String analysis;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder tenantId(String value) {
            this.tenantId = value;
            return this;
        }

        public Builder status(CallStatus value) {
            this.status = value;
            return this;
        }

        public Builder outcome(Outcome value) {
            this.outcome = value;
            return this;
        }

        public Builder reason(String value) {
            this.reason = value;
            return this;
        }

        public Builder disposition(Disposition value) {
            this.disposition = value;
            return this;
        }

        public Builder direction(CallDirection value) {
            this.direction = value;
            return this;
        }

        public Builder phoneNumber(String value) {
            this.phoneNumber = value;
            return this;
        }

        public Builder campaignId(String value) {
            this.campaignId = value;
            return this;
        }

        public Builder leadId(String value) {
            this.leadId = value;
            return this;
        }

        public Builder sipCallId(String value) {
            this.sipCallId = value;
            return this;
        }

        public Builder trunkNumber(String value) {
            this.trunkNumber = value;
            return this;
        }

        public Builder roomSid(String value) {
            this.roomSid = value;
            return this;
        }

        public Builder roomName(String value) {
            this.roomName = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            this.startedAt = value;
            return this;
        }

        public Builder endedAt(Instant value) {
            this.endedAt = value;
            return this;
        }

        public Builder durationSeconds(Long value) {
            this.durationSeconds = value;
            return this;
        }

        public Builder recordingUrl(String value) {
            this.recordingUrl = value;
            return this;
        }

        public Builder metadata(String value) {
            this.metadata = value;
            return this;
        }

        public Builder registration(CallRegistration value) {
            this.registration = value;
            return this;
        }

        public Builder ownerEvidence(OwnerEvidence value) {
            this.ownerEvidence = value;
            return this;
        }

        public Builder ownerContested(boolean value) {
            this.ownerContested = value;
            return this;
        }

        public Builder ringSeconds(Long value) {
            this.ringSeconds = value;
            return this;
        }

        public Builder talkSeconds(Long value) {
            this.talkSeconds = value;
            return this;
        }

        public Builder agent(String value) {
            this.agent = value;
            return this;
        }

        public Builder simulated(boolean value) {
            this.simulated = value;
            return this;
        }

        public Builder recordingError(String value) {
            this.recordingError = value;
            return this;
        }

        public Builder carrierCallIds(String value) {
            this.carrierCallIds = value;
            return this;
        }

        public Builder hangUpBy(String value) {
            this.hangUpBy = value;
            return this;
        }

        public Builder transferTarget(String value) {
            this.transferTarget = value;
            return this;
        }

        public Builder transcript(String value) {
            this.transcript = value;
            return this;
        }

        public Builder transcriptUrl(String value) {
            this.transcriptUrl = value;
            return this;
        }

        public Builder transcriptLanguage(String value) {
            this.transcriptLanguage = value;
            return this;
        }

        public Builder analysis(String value) {
            this.analysis = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            this.updatedAt = value;
            return this;
        }

        public CallRecord build() {
            return new CallRecord(id, tenantId, status, outcome, reason, disposition, direction, phoneNumber, campaignId, leadId, sipCallId, trunkNumber, roomSid, roomName, startedAt, endedAt, durationSeconds, recordingUrl, metadata, registration, ownerEvidence, ownerContested, ringSeconds, talkSeconds, agent, simulated, recordingError, carrierCallIds, hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage, analysis, createdAt, updatedAt);
        }
    }
}
