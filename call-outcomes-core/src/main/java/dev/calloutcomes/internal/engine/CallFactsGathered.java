package dev.calloutcomes.internal.engine;

import static dev.calloutcomes.livekit.LiveKitEventType.PARTICIPANT_CONNECTION_ABORTED;
import static dev.calloutcomes.livekit.LiveKitEventType.PARTICIPANT_LEFT;
import static dev.calloutcomes.livekit.LiveKitEventType.ROOM_FINISHED;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.livekit.LiveKitEvent.CallFacts;
import dev.calloutcomes.livekit.DisconnectReason;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What one canonical pass over the events gathers: first values, last values, the callee's story. */
final class CallFactsGathered {
    /** The error LiveKit's server gives a job it terminated because its agent left the room (livekit/livekit agent/worker.go). */
    static final String AGENT_LEFT_ROOM = "agent worker left the room";
    /** A carrier's own call id among SIP attributes ({@code sip.twilio.callSid}, {@code sip.telnyx.callLegID}); not LiveKit's {@code sip.callID}. */
    private static final Pattern CARRIER_CALL_ID =
            Pattern.compile("^sip\\.[A-Za-z0-9]+\\.(call[A-Za-z]*|contactId|initialContactId)$");

    String roomSid;
    String roomName;
    Instant roomCreated;
    String anyPhone;
    String calleePhone;
    String campaignId;
    String leadId;
    CallDirection direction;
    String sipCallId;
    String trunkNumber;
    String recordingUrl;
    String roomMetadata;
    String disconnectReason;
    String agentDisconnectReason;
    SipCallStatus lastCallStatus;
    Instant joined;
    boolean calleeSeen;
    /** The callee's leg: inbound (a dispatch rule's), answered as its snapshots show it. */
    boolean inboundLeg;
    boolean snapshotAnswered;
    /** The callee's sessions (participant sids): a leave of one that another replaced is no end. */
    final Set<String> calleeSessions = new HashSet<>();
    final List<LiveKitEvent> calleeLeaves = new ArrayList<>();
    /** When a participant other than the callee first joined (inbound: the call is answered once someone is there). */
    Instant othersJoined;
    /** The agents' leaves: reason and time, to tell a crash (while the callee is there) from a normal end. */
    final List<LiveKitEvent> agentLeaves = new ArrayList<>();
    boolean agentJobFailed;
    LiveKitEvent left;
    LiveKitEvent aborted;
    LiveKitEvent finished;
    /** The host's facts; of two of a kind, the later in canonical order. */
    CallFact.DialResult dialResult;
    Instant dialResultAt;
    CallFact.MachineDetection.Verdict machineVerdict;
    Instant answeredAt;
    CallFact.Transfer transfer;
    CallFact.HangUp hangUp;
    CallFact.Transcript transcript;
    String analysis;
    /** The call's agent: the first AGENT participant in canonical order; the first agent job's agent name wins. */
    String agent;
    String agentAttribute;
    String agentName;
    boolean simulated;
    /** The last failed or aborted egress's error, in canonical order. */
    String recordingError;
    /** The carrier's call ids SIP participants carried: attribute to its first value. */
    final Map<String, String> carrierCallIds = new TreeMap<>();
    final Map<String, String> signals = new HashMap<>();

    void add(LiveKitEvent e, boolean ofCallee) {
        if (e.hostFact() instanceof CallFact.DialResult d) {
            dialResult = d;
            dialResultAt = e.createdAt();
        } else if (e.hostFact() instanceof CallFact.MachineDetection m) {
            machineVerdict = m.verdict();
        } else if (e.hostFact() instanceof CallFact.Answered a) {
            answeredAt = a.at();
        } else if (e.hostFact() instanceof CallFact.Transfer t) {
            transfer = t;
        } else if (e.hostFact() instanceof CallFact.HangUp h) {
            hangUp = h;
        } else if (e.hostFact() instanceof CallFact.Transcript t) {
            transcript = t;
        } else if (e.hostFact() instanceof CallFact.Analysis a) {
            analysis = a.json();
        }
        if (e.participant() != null && e.participant().isAgent()) {
            // Its name (lk.agent.name) is the agent; its identity (agent-<job id>) is per call: the fallback.
            String name = e.participant().agentName();
            if (name != null && agentAttribute == null) {
                agentAttribute = name;
            }
            if (agent == null) {
                agent = e.participant().identity();
            }
            if (e.eventType() == PARTICIPANT_LEFT) {
                agentLeaves.add(e);
            }
        }
        if (e.agentJob() != null) {
            // The job's agent name is the agent's stable name (its participant identity is per job): it wins.
            if (e.agentJob().agentName() != null && !e.agentJob().agentName().isBlank() && agentName == null) {
                agentName = e.agentJob().agentName();
            }
            // A job LiveKit terminated because its agent left the room (AGENT_LEFT_ROOM: livekit/livekit room.go,
            // agent/worker.go) is the ordinary end of a completed call; the SDK's later JS_SUCCESS never comes.
            if (e.agentJob().failed() && !AGENT_LEFT_ROOM.equalsIgnoreCase(String.valueOf(e.agentJob().error()).strip())) {
                agentJobFailed = true;
            }
        }
        CallFacts facts = e.facts();
        roomSid = roomSid != null ? roomSid : e.roomSid();
        roomName = roomName != null ? roomName : e.roomName();
        anyPhone = anyPhone != null ? anyPhone : facts.phoneNumber();
        campaignId = campaignId != null ? campaignId : facts.campaignId();
        leadId = leadId != null ? leadId : facts.leadId();
        direction = direction != null ? direction : facts.direction();
        recordingUrl = facts.recordingUrl() != null ? facts.recordingUrl() : recordingUrl;
        if (e.egress() != null && e.egress().failed()) {
            String error = e.egress().error();
            recordingError = e.egress().status().name().toLowerCase(Locale.ROOT).substring("egress_".length())
                    + (error == null || error.isBlank() ? "" : ": " + (error.length() > 500 ? error.substring(0, 500) : error));
        }
        if (e.participant() != null) {
            simulated |= e.participant().isSimulated();
            if (e.participant().isSip()) {
                e.participant().attributes().forEach((key, value) -> {
                    if (value != null && value.length() <= 255 && CARRIER_CALL_ID.matcher(key).matches()) {
                        carrierCallIds.putIfAbsent(key, value);
                    }
                });
            }
        }
        if (e.room() != null) {
            roomCreated = roomCreated != null ? roomCreated : e.room().creationTime();
            signals.putAll(e.room().metadataFields());
            if (!e.room().metadataFields().isEmpty()) {
                roomMetadata = e.room().metadata();
            }
        }
        if (e.participant() != null) {
            signals.putAll(e.participant().attributes());
            String reason = e.participant().disconnectReason();
            // An agent's failure: AGENT_ERROR wins over any other reason an agent left with, in every order.
            if (e.participant().isAgent() && reason != null && !"UNKNOWN_REASON".equals(reason)
                    && !"AGENT_ERROR".equals(agentDisconnectReason)) {
                agentDisconnectReason = reason;
            }
            if (!ofCallee && e.participant().joinedAt() != null && e.eventType() != ROOM_FINISHED
                    && (othersJoined == null || e.participant().joinedAt().isBefore(othersJoined))) {
                othersJoined = e.participant().joinedAt();
            }
        }
        if (e.eventType() == ROOM_FINISHED) {
            finished = e;
        }
        if (ofCallee) {
            addCallee(e, facts);
        }
    }

    private void addCallee(LiveKitEvent e, CallFacts facts) {
        calleeSeen = true;
        LiveKitEvent.Participant p = e.participant();
        if (p.joinedAt() != null && (joined == null || p.joinedAt().isBefore(joined))) {
            joined = p.joinedAt();
        }
        calleePhone = calleePhone != null ? calleePhone : facts.phoneNumber();
        sipCallId = sipCallId != null ? sipCallId : facts.sipCallId();
        trunkNumber = trunkNumber != null ? trunkNumber : facts.trunkNumber();
        if (p.sid() != null) {
            calleeSessions.add(p.sid());
        }
        inboundLeg |= p.inboundSipLeg();
        snapshotAnswered |= p.isSip() && !p.inboundSipLeg() && p.showsAnswer();
        lastCallStatus = facts.callStatus() != null ? facts.callStatus() : lastCallStatus;
        switch (e.eventType()) {
            case PARTICIPANT_LEFT -> calleeLeaves.add(e);
            case PARTICIPANT_CONNECTION_ABORTED -> aborted = e;
            default -> { }
        }
    }

    /**
     * After the pass: the callee's leave that ends the call, the last in canonical order that no other session of
     * the same identity replaced (a reconnecting SIP participant gets a new sid and its old session leaves with
     * DUPLICATE_IDENTITY or MIGRATION: livekit/livekit room.go), and its reason.
     */
    void settleCallee() {
        for (LiveKitEvent leave : calleeLeaves) {
            DisconnectReason reason = leave.participant().reason();
            boolean replaced = reason != null && reason.replaced() && calleeSessions.stream()
                    .anyMatch(sid -> !sid.equals(leave.participant().sid()));
            if (!replaced) {
                left = leave;
            }
        }
        LiveKitEvent ending = left != null ? left : aborted;
        if (ending != null && ending.participant().reason() != null && ending.participant().reason().known()) {
            disconnectReason = ending.participant().disconnectReason();
        } else if (ending != null && ending.participant().disconnectReason() != null
                && !"UNKNOWN_REASON".equals(ending.participant().disconnectReason())) {
            disconnectReason = ending.participant().disconnectReason(); // the seed format's own words
        }
    }

    /** Whether the agent failed: AGENT_ERROR, or the server closed its session while the callee was still there. */
    boolean agentFailed(Instant calleeEnd) {
        for (LiveKitEvent leave : agentLeaves) {
            DisconnectReason reason = leave.participant().reason();
            if (reason == DisconnectReason.AGENT_ERROR) {
                return true;
            }
            if (reason != null && reason.serverSide() && leave.createdAt() != null
                    && (calleeEnd == null || leave.createdAt().isBefore(calleeEnd))) {
                return true;
            }
        }
        return agentJobFailed;
    }
}
