package dev.calloutcomes.livekit;

import dev.calloutcomes.fact.CallFact;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.internal.WireNames;

/**
 * One LiveKit webhook event, parsed and normalized. Absent protobuf fields are null, except enums,
 * which take LiveKit's zero value (protojson omits zero values). Immutable and thread-safe.
 *
 * @param type the event name ({@code participant_left}, ...) as sent; unknown names are kept as they are,
 *        see {@link #eventType()}
 * @param id LiveKit's unique event id, the idempotency key
 * @param createdAt when LiveKit created the event
 * @param room the room, or null (egress events name theirs in {@link Egress#roomId()} and, since livekit/livekit#4730,
 *        carry the room too)
 * @param participant the participant, or null
 * @param egress the egress, or null
 * @param facts call facts derived from all of the above
 * @param hostFact for an event that records a fact the host reported (see {@link dev.calloutcomes.fact}), that
 *        fact; else null
 * @param agentJob the agent job of an {@code agent_job_*} event, or null
 */
public record LiveKitEvent(String type, String id, Instant createdAt, Room room, Participant participant,
                           Egress egress, CallFacts facts, CallFact hostFact, AgentJob agentJob) {

    /**
     * An agent job (LiveKit's {@code Job}): its id, the agent's name, and its state's status ({@code JS_PENDING},
     * {@code JS_RUNNING}, {@code JS_SUCCESS}, {@code JS_FAILED}) and error.
     */
    public record AgentJob(String id, String agentName, JobStatus status, String error) {
        /** Whether the job failed. */
        public boolean failed() {
            return status == JobStatus.JS_FAILED;
        }
    }

    /** Whether this event can change a call's record (rooms, participants, egress), and names a room. */
    public boolean isCallEvent() {
        return eventType().isAboutCalls() && (roomSid() != null || roomName() != null);
    }

    /** The type {@link #type()} names; {@link LiveKitEventType#UNKNOWN} for a name this library does not know. */
    public LiveKitEventType eventType() {
        return LiveKitEventType.of(type);
    }

    /** The room's sid, from the room or (for egress) the egress's room id; may be null. */
    public String roomSid() {
        if (room != null && room.sid() != null) {
            return room.sid();
        }
        return egress == null ? null : egress.roomId();
    }

    /** The room's name, from the room or the egress; may be null. */
    public String roomName() {
        if (room != null && room.name() != null) {
            return room.name();
        }
        return egress == null ? null : egress.roomName();
    }

    /** An unmodifiable copy of {@code map} in its order (empty for null); values may be null. */
    private static Map<String, String> frozen(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * A LiveKit room.
     *
     * @param metadata the raw metadata string
     * @param metadataFields the top-level scalar fields of the metadata when it is a JSON object, else empty
     */
    public record Room(String sid, String name, Instant creationTime, String metadata, Map<String, String> metadataFields) {
        public Room {
            metadataFields = frozen(metadataFields);
        }
    }

    /**
     * A participant; {@code disconnectReason} is LiveKit's {@code DisconnectReason} name; {@code kindDetails} the names
     * of its {@code KindDetail}s ({@code CONNECTOR_TWILIO}, {@code SIMULATION}, ...), empty when none.
     */
    public record Participant(String sid, String identity, ParticipantKind kind, ParticipantState state, Instant joinedAt,
                              String disconnectReason, Map<String, String> attributes, List<String> kindDetails) {
        public Participant {
            attributes = frozen(attributes);
            kindDetails = kindDetails == null ? List.of() : List.copyOf(kindDetails);
        }

        /** A participant without kind details. */
        public Participant(String sid, String identity, ParticipantKind kind, ParticipantState state, Instant joinedAt,
                           String disconnectReason, Map<String, String> attributes) {
            this(sid, identity, kind, state, joinedAt, disconnectReason, attributes, List.of());
        }

        /** Why it left, as {@link DisconnectReason}; null when the event names no reason. */
        public DisconnectReason reason() {
            return DisconnectReason.of(disconnectReason);
        }

        /**
         * Whether this snapshot shows an outbound SIP leg answered: livekit/sip sets {@code sip.callIDFull} and
         * {@code sip.callTag} on an outbound participant only after the 200 OK ({@code outbound.go}, after the ACK),
         * and never removes them. (An inbound leg has them from the start: see {@link #inboundSipLeg()}.)
         */
        public boolean showsAnswer() {
            return attributes.containsKey("sip.callIDFull") || attributes.containsKey("sip.callTag");
        }

        /** Whether this is an inbound SIP leg: livekit/sip sets {@code sip.ruleID} (the dispatch rule) on inbound legs only. */
        public boolean inboundSipLeg() {
            return isSip() && attributes.containsKey("sip.ruleID");
        }

        /**
         * The agent's name for an agent participant: attribute {@code lk.agent.name} (livekit/agents; older versions
         * {@code lk.agent_name}); its identity ({@code agent-<job id>} by default) is per call. Null when absent.
         */
        public String agentName() {
            String name = attributes.get("lk.agent.name");
            name = name == null || name.isBlank() ? attributes.get("lk.agent_name") : name;
            return name == null || name.isBlank() || name.length() > 255 ? null : name;
        }

        /** Whether LiveKit marks this participant as simulated (a test call of an agent, not a real callee). */
        public boolean isSimulated() {
            return kindDetails.contains("SIMULATION");
        }

        /** Whether this participant is a SIP participant (the phone side of a call). */
        public boolean isSip() {
            return kind == ParticipantKind.SIP;
        }

        /** Whether this participant is an agent (AI or otherwise). */
        public boolean isAgent() {
            return kind == ParticipantKind.AGENT;
        }
    }

    /** An egress (recording) and its file results. */
    public record Egress(String egressId, String roomId, String roomName, EgressStatus status, Instant startedAt,
                         Instant endedAt, List<FileResult> fileResults, List<String> playlistLocations, String error) {
        public Egress {
            fileResults = fileResults == null ? List.of() : List.copyOf(fileResults);
            playlistLocations = playlistLocations == null ? List.of() : List.copyOf(playlistLocations);
        }

        /**
         * Whether the egress ended having written all its output: {@code EGRESS_COMPLETE}, or {@code EGRESS_LIMIT_REACHED}
         * (stopped at its configured maximum duration, with what it recorded until then).
         */
        public boolean produced() {
            return status == EgressStatus.EGRESS_COMPLETE || status == EgressStatus.EGRESS_LIMIT_REACHED;
        }

        /** Whether it ended without finishing: {@code EGRESS_FAILED} or {@code EGRESS_ABORTED}. */
        public boolean failed() {
            return status == EgressStatus.EGRESS_FAILED || status == EgressStatus.EGRESS_ABORTED;
        }

        /**
         * The recording it wrote: the first file's location, else the first HLS playlist's; null when it names none.
         * Whatever the status: since livekit/egress#1270 an egress that lost its room connection uploads the partial
         * file and then ends {@code EGRESS_FAILED} ("recording ended early"), so a location is a file (its error is
         * kept beside it as the call's {@code recordingError}).
         */
        public String recordingLocation() {
            for (FileResult f : fileResults) {
                if (f.location() != null && !f.location().isBlank()) {
                    return f.location();
                }
            }
            return playlistLocations.stream().filter(l -> l != null && !l.isBlank()).findFirst().orElse(null);
        }
    }

    /** One file an egress wrote. */
    public record FileResult(String filename, String location, Instant startedAt, Instant endedAt, Long sizeBytes,
                             Duration duration) {
    }

    /**
     * What one event says about its call, derived by the parser. Every field may be null.
     *
     * @param phoneNumber the remote party in E.164 ({@code sip.phoneNumber}, else the room-name pattern)
     * @param campaignId from room metadata, participant attributes or the room-name pattern
     * @param leadId likewise
     * @param tenantHint likewise; the service's tenant resolvers decide what to trust
     * @param sipCallId {@code sip.callID}
     * @param trunkNumber {@code sip.trunkPhoneNumber}
     * @param direction who placed the call, when the event says
     * @param callStatus the SIP participant's {@code sip.callStatus}
     * @param recordingUrl what an {@code egress_ended} produced (see {@link LiveKitEvent.Egress#recordingLocation()})
     */
    public record CallFacts(String phoneNumber, String campaignId, String leadId, String tenantHint, String sipCallId,
                            String trunkNumber, CallDirection direction, SipCallStatus callStatus, String recordingUrl) {
        static final CallFacts NONE = new CallFacts(null, null, null, null, null, null, null, null, null);
    }

    /**
     * The {@code sip.callStatus} attribute LiveKit's SIP service sets on a SIP participant (livekit/sip,
     * {@code CallStatus.Attribute()}): {@code dialing}, {@code ringing}, {@code automation},
     * {@code active}, {@code hangup}. It is not updated when a call fails, and changing it sends no webhook.
     */
    public enum SipCallStatus {
        DIALING, RINGING,
        /** Answered by an automated system (DTMF or IVR handling) before the call became active. */
        AUTOMATION, ACTIVE, HANGUP,
        /** A value newer than this library. */
        UNKNOWN;

        private static final Map<String, SipCallStatus> BY_ATTRIBUTE = WireNames.byWireName(SipCallStatus.class, UNKNOWN);

        /** Whether the call had not been answered yet. */
        public boolean beforeAnswer() {
            return this == DIALING || this == RINGING;
        }

        /** The status an attribute value names; null for null. */
        static SipCallStatus ofAttribute(String value) {
            return value == null ? null : BY_ATTRIBUTE.getOrDefault(value, UNKNOWN);
        }
    }

    /** livekit_models.proto's {@code ParticipantInfo.State}, in its numbering; a value newer than this library is {@code UNKNOWN}. */
    public enum ParticipantState {
        JOINING, JOINED, ACTIVE, DISCONNECTED, UNKNOWN
    }

    /** livekit_egress.proto's {@code EgressStatus}, in its numbering; a value newer than this library is {@code UNKNOWN}. */
    public enum EgressStatus {
        EGRESS_STARTING, EGRESS_ACTIVE, EGRESS_ENDING, EGRESS_COMPLETE, EGRESS_FAILED, EGRESS_ABORTED, EGRESS_LIMIT_REACHED, UNKNOWN
    }

    /** livekit_agent.proto's {@code JobStatus}, in its numbering; a value newer than this library is {@code UNKNOWN}. */
    public enum JobStatus {
        JS_PENDING, JS_RUNNING, JS_SUCCESS, JS_FAILED, UNKNOWN
    }
}
