package dev.calloutcomes.call;

import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A call as recorded: a function of its registration and the set of its events, as a few named values. Every field
 * but {@code id}, {@code tenantId} and {@code status} may be null; the grouped values are never null (their own
 * fields may be). Make and copy one with {@link #builder()} and {@link #toBuilder()}. The grouping is Java's: the call
 * API's JSON and the table's columns stay flat, one name per field.
 *
 * @param id stable id: derived from the room instance alone (see {@link #idForInstance}), so that it stays when
 *        the call's owner changes; for a call registered before its room existed, or whose events carry no room
 *        sid, from tenant and room name (see {@link #idFor})
 * @param tenantId the owning tenant
 * @param status where the call stands
 * @param verdict how it ended: outcome, disposition and the rule that decided
 * @param parties who was on it: direction, numbers, SIP and carrier ids, the agent, whether it was simulated
 * @param attribution which campaign and lead it belongs to
 * @param room the LiveKit room it ran in
 * @param timing when it ran and how long its parts lasted
 * @param recording where its recording is, or why it failed
 * @param ownership what gave it its owner
 * @param registration what the host registered, or null
 * @param hostReport what the host reported about it (hang-up side, transfer, transcript, analysis)
 * @param metadata a JSON object: the registration's metadata overlaid with the room's
 * @param createdAt when this record was first written (store clock)
 * @param updatedAt when it was last written
 */
public record CallRecord(String id,
                         String tenantId,
                         CallStatus status,
                         Verdict verdict,
                         Parties parties,
                         Attribution attribution,
                         Room room,
                         Timing timing,
                         Recording recording,
                         Ownership ownership,
                         CallRegistration registration,
                         HostReport hostReport,
                         String metadata,
                         Instant createdAt,
                         Instant updatedAt) {

    /** Replaces a missing group with an empty one, so that {@code call.timing().endedAt()} never throws. */
    public CallRecord {
        verdict = verdict == null ? Verdict.NONE : verdict;
        parties = parties == null ? Parties.NONE : parties;
        attribution = attribution == null ? Attribution.NONE : attribution;
        room = room == null ? Room.NONE : room;
        timing = timing == null ? Timing.NONE : timing;
        recording = recording == null ? Recording.NONE : recording;
        ownership = ownership == null ? Ownership.NONE : ownership;
        hostReport = hostReport == null ? HostReport.NONE : hostReport;
    }

    /**
     * How the call ended, and why.
     *
     * @param outcome how it ended (only when the call's status is {@link CallStatus#ENDED})
     * @param disposition the finer account of how it ended, one of the outcome's
     * @param reason the name of the rule that decided the outcome
     */
    public record Verdict(Outcome outcome, Disposition disposition, String reason) {
        /** Every field unset. */
        public static final Verdict NONE = new Verdict(null, null, null);
    }

    /**
     * Who was on the call and how it was carried.
     *
     * @param direction inbound or outbound
     * @param phoneNumber the remote party's number
     * @param trunkNumber our side's number on the SIP trunk
     * @param sipCallId LiveKit's SIP call id
     * @param agent the identity of the call's agent (its first AGENT participant), or null
     * @param carrierCallIds a JSON object of the carrier's own call ids that SIP participants carried ({@code sip.twilio.callSid}, {@code sip.telnyx.callLegID}, ...), for reconciliation; or null
     * @param simulated whether LiveKit marked a participant as simulated ({@code kindDetails} {@code SIMULATION}): a test of an agent, left out of stats unless asked for
     */
    public record Parties(CallDirection direction, String phoneNumber, String trunkNumber, String sipCallId, String agent, String carrierCallIds, boolean simulated) {
        /** Every field unset. */
        public static final Parties NONE = new Parties(null, null, null, null, null, null, false);
    }

    /**
     * Which campaign and lead the call belongs to.
     *
     * @param campaignId the host's campaign
     * @param leadId the host's lead
     */
    public record Attribution(String campaignId, String leadId) {
        /** Every field unset. */
        public static final Attribution NONE = new Attribution(null, null);
    }

    /**
     * The LiveKit room the call ran in.
     *
     * @param sid the room instance's sid
     * @param name the room's name
     */
    public record Room(String sid, String name) {
        /** Every field unset. */
        public static final Room NONE = new Room(null, null);
    }

    /**
     * When the call ran and how long its parts lasted.
     *
     * @param startedAt when the callee joined
     * @param endedAt when the call ended
     * @param durationSeconds whole seconds the callee was in the call
     * @param ringSeconds whole seconds from dialing to the answer, when the host reported the answer ({@link dev.calloutcomes.fact.CallFact.Answered}); else null
     * @param talkSeconds whole seconds from the answer to the end, when the host reported the answer; else null (and {@code durationSeconds}, which then counts ringing too, is what the rules measured)
     */
    public record Timing(Instant startedAt, Instant endedAt, Long durationSeconds, Long ringSeconds, Long talkSeconds) {
        /** Every field unset. */
        public static final Timing NONE = new Timing(null, null, null, null, null);
    }

    /**
     * Where the call's recording is, or why it failed.
     *
     * @param url where the recording is, or null
     * @param error why the recording failed (an egress that ended {@code EGRESS_FAILED} or {@code EGRESS_ABORTED}, and none that completed), or null
     */
    public record Recording(String url, String error) {
        /** Every field unset. */
        public static final Recording NONE = new Recording(null, null);
    }

    /**
     * What gave the call its owner.
     *
     * @param evidence the strongest evidence among the call's events (null on a record no event or registration has reached)
     * @param contested whether signed evidence in the call's events named more than one tenant; the strongest, then the earliest, decided (see {@link OwnerEvidence})
     */
    public record Ownership(OwnerEvidence evidence, boolean contested) {
        /** Every field unset. */
        public static final Ownership NONE = new Ownership(null, false);
    }

    /**
     * What the host reported about the call (its facts).
     *
     * @param hangUpBy who ended the call ({@code agent}, {@code callee}, {@code system}), or null
     * @param transferTarget where a completed transfer went, or null
     * @param transcript the transcript, or null
     * @param transcriptUrl where the host keeps it, or null
     * @param transcriptLanguage its language tag, or null
     * @param analysis a JSON object of the host's analysis of the call, or null
     */
    public record HostReport(String hangUpBy, String transferTarget, String transcript, String transcriptUrl, String transcriptLanguage, String analysis) {
        /** Every field unset. */
        public static final HostReport NONE = new HostReport(null, null, null, null, null, null);
    }

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
        return toBuilder().status(CallStatus.ENDED).verdict(new Verdict(Outcome.FAILED, Disposition.UNKNOWN, why)).build();
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
        return toBuilder().ownership(new Ownership(evidence, contested)).build();
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
        b.verdict(verdict);
        b.parties(parties);
        b.attribution(attribution);
        b.room(room);
        b.timing(timing);
        b.recording(recording);
        b.ownership(ownership);
        b.registration = registration;
        b.hostReport(hostReport);
        b.metadata = metadata;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        return b;
    }

    /**
     * Builds a {@link CallRecord}, the one way to make or copy one: a setter per field by its flat name (the JSON's),
     * and one per group, which sets each of its fields. Not thread-safe.
     */
    public static final class Builder {
        private String id;
        private String tenantId;
        private CallStatus status;
        private Outcome outcome;
        private Disposition disposition;
        private String reason;
        private CallDirection direction;
        private String phoneNumber;
        private String trunkNumber;
        private String sipCallId;
        private String agent;
        private String carrierCallIds;
        private boolean simulated;
        private String campaignId;
        private String leadId;
        private String roomSid;
        private String roomName;
        private Instant startedAt;
        private Instant endedAt;
        private Long durationSeconds;
        private Long ringSeconds;
        private Long talkSeconds;
        private String recordingUrl;
        private String recordingError;
        private OwnerEvidence ownerEvidence;
        private boolean ownerContested;
        private CallRegistration registration;
        private String hangUpBy;
        private String transferTarget;
        private String transcript;
        private String transcriptUrl;
        private String transcriptLanguage;
        private String analysis;
        private String metadata;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        public Builder id(String value) { id = value; return this; }
        public Builder tenantId(String value) { tenantId = value; return this; }
        public Builder status(CallStatus value) { status = value; return this; }
        public Builder verdict(Verdict value) {
            outcome = value.outcome();
            disposition = value.disposition();
            reason = value.reason();
            return this;
        }
        public Builder outcome(Outcome value) { outcome = value; return this; }
        public Builder disposition(Disposition value) { disposition = value; return this; }
        public Builder reason(String value) { reason = value; return this; }
        public Builder parties(Parties value) {
            direction = value.direction();
            phoneNumber = value.phoneNumber();
            trunkNumber = value.trunkNumber();
            sipCallId = value.sipCallId();
            agent = value.agent();
            carrierCallIds = value.carrierCallIds();
            simulated = value.simulated();
            return this;
        }
        public Builder direction(CallDirection value) { direction = value; return this; }
        public Builder phoneNumber(String value) { phoneNumber = value; return this; }
        public Builder trunkNumber(String value) { trunkNumber = value; return this; }
        public Builder sipCallId(String value) { sipCallId = value; return this; }
        public Builder agent(String value) { agent = value; return this; }
        public Builder carrierCallIds(String value) { carrierCallIds = value; return this; }
        public Builder simulated(boolean value) { simulated = value; return this; }
        public Builder attribution(Attribution value) {
            campaignId = value.campaignId();
            leadId = value.leadId();
            return this;
        }
        public Builder campaignId(String value) { campaignId = value; return this; }
        public Builder leadId(String value) { leadId = value; return this; }
        public Builder room(Room value) {
            roomSid = value.sid();
            roomName = value.name();
            return this;
        }
        public Builder roomSid(String value) { roomSid = value; return this; }
        public Builder roomName(String value) { roomName = value; return this; }
        public Builder timing(Timing value) {
            startedAt = value.startedAt();
            endedAt = value.endedAt();
            durationSeconds = value.durationSeconds();
            ringSeconds = value.ringSeconds();
            talkSeconds = value.talkSeconds();
            return this;
        }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder endedAt(Instant value) { endedAt = value; return this; }
        public Builder durationSeconds(Long value) { durationSeconds = value; return this; }
        public Builder ringSeconds(Long value) { ringSeconds = value; return this; }
        public Builder talkSeconds(Long value) { talkSeconds = value; return this; }
        public Builder recording(Recording value) {
            recordingUrl = value.url();
            recordingError = value.error();
            return this;
        }
        public Builder recordingUrl(String value) { recordingUrl = value; return this; }
        public Builder recordingError(String value) { recordingError = value; return this; }
        public Builder ownership(Ownership value) {
            ownerEvidence = value.evidence();
            ownerContested = value.contested();
            return this;
        }
        public Builder ownerEvidence(OwnerEvidence value) { ownerEvidence = value; return this; }
        public Builder ownerContested(boolean value) { ownerContested = value; return this; }
        public Builder registration(CallRegistration value) { registration = value; return this; }
        public Builder hostReport(HostReport value) {
            hangUpBy = value.hangUpBy();
            transferTarget = value.transferTarget();
            transcript = value.transcript();
            transcriptUrl = value.transcriptUrl();
            transcriptLanguage = value.transcriptLanguage();
            analysis = value.analysis();
            return this;
        }
        public Builder hangUpBy(String value) { hangUpBy = value; return this; }
        public Builder transferTarget(String value) { transferTarget = value; return this; }
        public Builder transcript(String value) { transcript = value; return this; }
        public Builder transcriptUrl(String value) { transcriptUrl = value; return this; }
        public Builder transcriptLanguage(String value) { transcriptLanguage = value; return this; }
        public Builder analysis(String value) { analysis = value; return this; }
        public Builder metadata(String value) { metadata = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }
        public CallRecord build() {
            return new CallRecord(id,
                    tenantId,
                    status,
                    new Verdict(outcome, disposition, reason),
                    new Parties(direction, phoneNumber, trunkNumber, sipCallId, agent, carrierCallIds, simulated),
                    new Attribution(campaignId, leadId),
                    new Room(roomSid, roomName),
                    new Timing(startedAt, endedAt, durationSeconds, ringSeconds, talkSeconds),
                    new Recording(recordingUrl, recordingError),
                    new Ownership(ownerEvidence, ownerContested),
                    registration,
                    new HostReport(hangUpBy, transferTarget, transcript, transcriptUrl, transcriptLanguage, analysis),
                    metadata,
                    createdAt,
                    updatedAt);
        }
    }
}
