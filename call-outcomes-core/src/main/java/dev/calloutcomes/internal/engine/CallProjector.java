package dev.calloutcomes.internal.engine;

import static dev.calloutcomes.livekit.LiveKitEventType.EGRESS_ENDED;
import static dev.calloutcomes.livekit.LiveKitEventType.EGRESS_STARTED;
import static dev.calloutcomes.livekit.LiveKitEventType.EGRESS_UPDATED;
import static dev.calloutcomes.livekit.LiveKitEventType.PARTICIPANT_CONNECTION_ABORTED;
import static dev.calloutcomes.livekit.LiveKitEventType.PARTICIPANT_JOINED;
import static dev.calloutcomes.livekit.LiveKitEventType.PARTICIPANT_LEFT;
import static dev.calloutcomes.livekit.LiveKitEventType.ROOM_FINISHED;
import static dev.calloutcomes.livekit.LiveKitEventType.ROOM_STARTED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.internal.CanonicalJson;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventType;
import dev.calloutcomes.livekit.ParticipantKind;
import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.CallEvidence;
import dev.calloutcomes.outcome.ClassificationRule.Classification;
import dev.calloutcomes.outcome.OutcomeClassifier;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Computes a call's record from its registration and the SET of its events. The events are first put
 * in one canonical order (time, then lifecycle rank, then id), so the result does not depend on the
 * order or multiplicity in which they arrived. Stateless; thread-safe.
 */
final class CallProjector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LiveKitEventType> LIFECYCLE = List.of(ROOM_STARTED, PARTICIPANT_JOINED,
            EGRESS_STARTED, EGRESS_UPDATED, PARTICIPANT_CONNECTION_ABORTED, PARTICIPANT_LEFT, EGRESS_ENDED, ROOM_FINISHED);
    static final Comparator<LiveKitEvent> CANONICAL = Comparator
            .comparing(LiveKitEvent::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(e -> rank(e.eventType()))
            .thenComparing(LiveKitEvent::id);

    private final OutcomeClassifier classifier;

    /** The longest metadata a call keeps (characters), registration and room metadata together. */
    static final int MAX_METADATA_CHARS = 2 * CallRegistration.MAX_METADATA_CHARS;

    CallProjector(OutcomeClassifier classifier) {
        this.classifier = classifier;
    }

    private static int rank(LiveKitEventType type) {
        int i = LIFECYCLE.indexOf(type);
        return i < 0 ? LIFECYCLE.size() : i;
    }

    CallRecord project(CallRecord current, List<LiveKitEvent> all) {
        boolean swept = all.stream().anyMatch(SweptFact::is);
        List<LiveKitEvent> unordered = swept ? all.stream().filter(e -> !SweptFact.is(e)).toList() : all;
        CallRecord projected = projectEvents(current, unordered);
        // The sweep closed the call for want of a final event: a real one, whenever it arrives, decides instead.
        return swept && !projected.isEnded() ? projected.closedAsFailed(CallMaintenance.NO_FINAL_EVENT) : projected;
    }

    private CallRecord projectEvents(CallRecord current, List<LiveKitEvent> unordered) {
        List<LiveKitEvent> events = unordered.size() < 2 ? unordered
                : new ArrayList<>(new LinkedHashSet<>(unordered));
        if (events.size() > 1) {
            events.sort(CANONICAL);
        }
        CallRegistration reg = current.registration();
        String callee = calleeIdentity(events);
        CallFactsGathered f = new CallFactsGathered();
        for (LiveKitEvent e : events) {
            f.add(e, callee != null && e.participant() != null && callee.equals(e.participant().identity()));
        }
        f.settleCallee();
        LiveKitEvent calleeEnd = f.left != null ? f.left : f.aborted;
        // Only LiveKit's events make a call of a registration: the host's facts alone refine it, never bind it to a
        // room instance or end it, so a registration holding facts is still a registration (it owns nothing).
        boolean fromLiveKit = events.stream().anyMatch(e -> e.hostFact() == null);
        // A dial the trunk refused (a final status of 300 or more, as the host reported it) ended the call.
        boolean refused = fromLiveKit && f.dialResult != null && f.dialResult.sipStatus() >= 300;
        boolean ended = calleeEnd != null || f.finished != null || refused;
        Instant startedAt = f.joined != null ? f.joined : f.roomCreated;
        Instant endedAt = !ended ? null : calleeEnd != null ? calleeEnd.createdAt()
                : f.finished != null ? f.finished.createdAt() : f.dialResultAt;
        Duration duration = f.joined != null && calleeEnd != null && calleeEnd.createdAt() != null
                ? Duration.between(f.joined, calleeEnd.createdAt()) : null;
        if (duration != null && duration.isNegative()) {
            duration = Duration.ZERO;
        }
        // With the answer reported, ringing and talking are told apart, and the rules measure the talk.
        Duration ring = f.answeredAt != null && f.joined != null ? nonNegative(Duration.between(f.joined, f.answeredAt)) : null;
        Duration talk = f.answeredAt != null && calleeEnd != null && calleeEnd.createdAt() != null
                ? nonNegative(Duration.between(f.answeredAt, calleeEnd.createdAt())) : null;
        Duration measured = talk != null ? talk : duration;
        CallDirection legDirection = f.inboundLeg ? CallDirection.INBOUND : registered(reg == null ? null : reg.direction(),
                f.direction != null ? f.direction : f.calleeSeen && f.lastCallStatus != null ? CallDirection.OUTBOUND : null);
        Instant calleeEndAt = calleeEnd != null ? calleeEnd.createdAt() : null;
        boolean answered = f.answeredAt != null || (legDirection == CallDirection.INBOUND
                ? f.othersJoined != null && (calleeEndAt == null || !f.othersJoined.isAfter(calleeEndAt))
                : f.snapshotAnswered || f.lastCallStatus != null && !f.lastCallStatus.beforeAnswer() && f.lastCallStatus != SipCallStatus.UNKNOWN);
        CallEvidence evidence = new CallEvidence(ended, f.calleeSeen, f.left != null, f.aborted != null,
                f.finished != null, f.disconnectReason, f.lastCallStatus, measured, f.signals, f.agentDisconnectReason,
                f.dialResult, f.machineVerdict, f.transfer, f.hangUp,
                new CallEvidence.Leg(legDirection, answered, f.agentFailed(calleeEndAt != null ? calleeEndAt : f.finished == null ? null : f.finished.createdAt())));
        Classification decision = classifier.classify(evidence).orElse(null);

        String phone = reg != null && reg.phoneNumber() != null ? reg.phoneNumber()
                : f.calleePhone != null ? f.calleePhone : f.anyPhone;
        CallRecord.Builder call = CallRecord.builder().id(current.id()).tenantId(current.tenantId())
                .status(status(fromLiveKit, ended, answered, f.lastCallStatus))
                .direction(registered(reg == null ? null : reg.direction(), f.direction)).phoneNumber(phone)
                .campaignId(registered(reg == null ? null : reg.campaignId(), f.campaignId))
                .leadId(registered(reg == null ? null : reg.leadId(), f.leadId))
                .sipCallId(registered(f.sipCallId, reg == null ? null : reg.sipCallId())).trunkNumber(f.trunkNumber)
                // A call without LiveKit events (a registration whose events moved to their owner) is bound to no instance.
                .roomSid(fromLiveKit ? registered(f.roomSid, current.room().sid()) : null)
                .roomName(registered(reg == null ? null : reg.roomName(), registered(f.roomName, current.room().name())))
                .startedAt(startedAt).endedAt(endedAt)
                .durationSeconds(duration == null || evidence.durationImplausible() ? null : Math.round(duration.toMillis() / 1000.0))
                .recordingUrl(f.recordingUrl).metadata(mergedMetadata(reg, f.roomMetadata)).registration(reg)
                .ownerEvidence(current.ownership().evidence()).ownerContested(current.ownership().contested())
                .ringSeconds(seconds(ring, evidence)).talkSeconds(seconds(talk, evidence))
                .agent(f.agentName != null ? f.agentName : f.agentAttribute != null ? f.agentAttribute : f.agent)
                .simulated(f.simulated).recordingError(f.recordingError).carrierCallIds(json(f.carrierCallIds))
                .hangUpBy(f.hangUp == null ? null : f.hangUp.side())
                .transferTarget(f.transfer != null && f.transfer.completed() ? f.transfer.target() : null)
                .transcript(f.transcript == null ? null : f.transcript.text())
                .transcriptUrl(f.transcript == null ? null : f.transcript.url())
                .transcriptLanguage(f.transcript == null ? null : f.transcript.language()).analysis(f.analysis)
                .createdAt(current.createdAt()).updatedAt(current.updatedAt());
        if (decision != null) {
            call.outcome(decision.outcome()).reason(decision.reason()).disposition(decision.disposition());
        }
        return call.build();
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Whole seconds of {@code d}, or null when unknown or when the call's times disagree. */
    private static Long seconds(Duration d, CallEvidence evidence) {
        return d == null || evidence.durationImplausible() || d.compareTo(CallEvidence.MAX_PLAUSIBLE_DURATION) > 0 ? null
                : Math.round(d.toMillis() / 1000.0);
    }


    private static String json(Map<String, String> map) {
        try {
            return map.isEmpty() ? null : JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write carrier call ids", e);
        }
    }


    /**
     * The first SIP participant; without any, the first connector or bridge participant (a call through a
     * WhatsApp or Twilio connector, say); without those (the seed's format), the first standard participant.
     */
    private static String calleeIdentity(List<LiveKitEvent> events) {
        String connector = null;
        String standard = null;
        for (LiveKitEvent e : events) {
            LiveKitEvent.Participant p = e.participant();
            if (p == null || p.identity() == null) {
                continue;
            }
            if (p.isSip()) {
                return p.identity();
            }
            if (connector == null && (p.kind() == ParticipantKind.CONNECTOR || p.kind() == ParticipantKind.BRIDGE)) {
                connector = p.identity();
            }
            if (standard == null && p.kind() == ParticipantKind.STANDARD) {
                standard = p.identity();
            }
        }
        return connector != null ? connector : standard;
    }

    /** Where the call stands; an answer the evidence shows makes it in progress, whatever the last snapshot's status. */
    private static CallStatus status(boolean fromLiveKit, boolean ended, boolean answered, SipCallStatus lastCallStatus) {
        if (ended) {
            return CallStatus.ENDED;
        }
        if (answered) {
            return CallStatus.IN_PROGRESS;
        }
        if (!fromLiveKit) {
            return CallStatus.REGISTERED;
        }
        if (lastCallStatus == SipCallStatus.DIALING) {
            return CallStatus.DIALING;
        }
        return lastCallStatus == SipCallStatus.RINGING ? CallStatus.RINGING : CallStatus.IN_PROGRESS;
    }




    private static <T> T registered(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }


    /** The registration's metadata object overlaid with the last room metadata that is a JSON object. */
    private static String mergedMetadata(CallRegistration reg, String roomMetadata) {
        if ((reg == null || reg.metadata() == null) && roomMetadata == null) {
            return null;
        }
        ObjectNode merged = JSON.createObjectNode();
        for (String json : new String[] {reg == null ? null : reg.metadata(), roomMetadata}) {
            JsonNode node = json == null ? null : readObject(json);
            if (node != null) {
                merged.setAll((ObjectNode) node);
            }
        }
        if (merged.isEmpty()) {
            return null;
        }
        String json = CanonicalJson.of(merged.toString());
        // Room metadata is the sender's (up to LiveKit's limit, anything under a mapped key): a call keeps at most
        // MAX_METADATA_CHARS of it, else the registration's own, so that a page of calls stays bounded.
        return json.length() <= MAX_METADATA_CHARS ? json : reg == null || reg.metadata() == null ? null : CanonicalJson.of(reg.metadata());
    }

    private static JsonNode readObject(String text) {
        if (text.contains("\\u0000")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
