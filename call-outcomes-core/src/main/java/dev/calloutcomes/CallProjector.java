package dev.calloutcomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.livekit.CallFacts;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.outcome.CallEvidence;
import dev.calloutcomes.outcome.Classification;
import dev.calloutcomes.outcome.OutcomeClassifier;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Computes a call's record from its registration and the SET of its events. The events are first put
 * in one canonical order (time, then lifecycle rank, then id), so the result does not depend on the
 * order or multiplicity in which they arrived. Stateless; thread-safe.
 */
final class CallProjector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LIFECYCLE = List.of(LiveKitEvent.ROOM_STARTED, LiveKitEvent.PARTICIPANT_JOINED,
            LiveKitEvent.EGRESS_STARTED, LiveKitEvent.EGRESS_UPDATED, LiveKitEvent.PARTICIPANT_CONNECTION_ABORTED,
            LiveKitEvent.PARTICIPANT_LEFT, LiveKitEvent.EGRESS_ENDED, LiveKitEvent.ROOM_FINISHED);
    static final Comparator<LiveKitEvent> CANONICAL = Comparator
            .comparing(LiveKitEvent::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(e -> rank(e.type()))
            .thenComparing(LiveKitEvent::id);

    private final OutcomeClassifier classifier;

    CallProjector(OutcomeClassifier classifier) {
        this.classifier = classifier;
    }

    private static int rank(String type) {
        int i = LIFECYCLE.indexOf(type);
        return i < 0 ? LIFECYCLE.size() : i;
    }

    CallRecord project(CallRecord current, List<LiveKitEvent> unordered) {
        List<LiveKitEvent> events = unordered.stream().distinct().sorted(CANONICAL).toList();
        CallRegistration reg = current.registration();
        List<LiveKitEvent> callee = calleeEvents(events);

        Instant joined = callee.stream().map(e -> e.participant().joinedAt()).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        LiveKitEvent left = last(callee, LiveKitEvent.PARTICIPANT_LEFT);
        LiveKitEvent aborted = last(callee, LiveKitEvent.PARTICIPANT_CONNECTION_ABORTED);
        LiveKitEvent finished = last(events, LiveKitEvent.ROOM_FINISHED);
        LiveKitEvent calleeEnd = left != null ? left : aborted;
        boolean ended = calleeEnd != null || finished != null;

        Instant roomCreated = first(events, e -> e.room() == null ? null : e.room().creationTime());
        Instant startedAt = joined != null ? joined : roomCreated;
        Instant endedAt = !ended ? null : calleeEnd != null ? calleeEnd.createdAt() : finished.createdAt();
        Duration duration = joined != null && calleeEnd != null && calleeEnd.createdAt() != null
                ? Duration.between(joined, calleeEnd.createdAt()) : null;
        if (duration != null && duration.isNegative()) {
            duration = Duration.ZERO;
        }
        String disconnectReason = callee.stream().map(e -> e.participant().disconnectReason())
                .filter(r -> r != null && !"UNKNOWN_REASON".equals(r)).reduce((a, b) -> b).orElse(null);
        String lastCallStatus = callee.stream().map(e -> e.facts().callStatus()).filter(Objects::nonNull)
                .reduce((a, b) -> b).orElse(null);
        String metadata = mergedMetadata(reg, events);
        Map<String, String> signals = signals(events);

        CallEvidence evidence = new CallEvidence(ended, !callee.isEmpty(), left != null, aborted != null,
                finished != null, disconnectReason, lastCallStatus, duration, signals);
        Classification decision = classifier.classify(evidence).orElse(null);

        String phone = reg != null && reg.phoneNumber() != null ? reg.phoneNumber()
                : firstFact(callee, CallFacts::phoneNumber) != null ? firstFact(callee, CallFacts::phoneNumber)
                : firstFact(events, CallFacts::phoneNumber);
        return new CallRecord(current.id(), current.tenantId(), status(events, ended, lastCallStatus),
                decision == null ? null : decision.outcome(), decision == null ? null : decision.reason(),
                registered(reg == null ? null : reg.direction(), firstFact(events, CallFacts::direction)), phone,
                registered(reg == null ? null : reg.campaignId(), firstFact(events, CallFacts::campaignId)),
                registered(reg == null ? null : reg.leadId(), firstFact(events, CallFacts::leadId)),
                firstFact(callee, CallFacts::sipCallId), firstFact(callee, CallFacts::trunkNumber),
                registered(first(events, LiveKitEvent::roomSid), current.roomSid()),
                registered(reg == null ? null : reg.roomName(), registered(first(events, LiveKitEvent::roomName), current.roomName())),
                startedAt, endedAt, duration == null ? null : Math.round(duration.toMillis() / 1000.0),
                events.stream().map(e -> e.facts().recordingUrl()).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null),
                metadata, reg, current.createdAt(), current.updatedAt());
    }

    /** The SIP participant's events; without any SIP participant (the seed's format), those of non-agents. */
    private static List<LiveKitEvent> calleeEvents(List<LiveKitEvent> events) {
        List<LiveKitEvent> withParticipant = events.stream().filter(e -> e.participant() != null
                && e.participant().identity() != null).toList();
        String sip = withParticipant.stream().filter(e -> e.participant().isSip()).map(e -> e.participant().identity())
                .findFirst().orElse(null);
        if (sip != null) {
            return withParticipant.stream().filter(e -> sip.equals(e.participant().identity())).toList();
        }
        String other = withParticipant.stream().filter(e -> !e.participant().isAgent()
                && "STANDARD".equals(e.participant().kind())).map(e -> e.participant().identity()).findFirst().orElse(null);
        return other == null ? List.of()
                : withParticipant.stream().filter(e -> other.equals(e.participant().identity())).toList();
    }

    private static CallStatus status(List<LiveKitEvent> events, boolean ended, String lastCallStatus) {
        if (ended) {
            return CallStatus.ENDED;
        }
        if (events.isEmpty()) {
            return CallStatus.REGISTERED;
        }
        if ("dialing".equals(lastCallStatus)) {
            return CallStatus.DIALING;
        }
        return "ringing".equals(lastCallStatus) ? CallStatus.RINGING : CallStatus.IN_PROGRESS;
    }

    private static LiveKitEvent last(List<LiveKitEvent> events, String type) {
        LiveKitEvent found = null;
        for (LiveKitEvent e : events) {
            if (type.equals(e.type())) {
                found = e;
            }
        }
        return found;
    }

    private static <T> T first(List<LiveKitEvent> events, Function<LiveKitEvent, T> field) {
        return events.stream().map(field).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String firstFact(List<LiveKitEvent> events, Function<CallFacts, String> fact) {
        return first(events, e -> fact.apply(e.facts()));
    }

    private static <T> T registered(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** Room metadata fields overlaid with every participant's attributes, in canonical order. */
    private static Map<String, String> signals(List<LiveKitEvent> events) {
        Map<String, String> signals = new HashMap<>();
        for (LiveKitEvent e : events) {
            if (e.room() != null) {
                signals.putAll(e.room().metadataFields());
            }
            if (e.participant() != null) {
                signals.putAll(e.participant().attributes());
            }
        }
        return signals;
    }

    /** The registration's metadata object overlaid with the last room metadata that is a JSON object. */
    private static String mergedMetadata(CallRegistration reg, List<LiveKitEvent> events) {
        ObjectNode merged = JSON.createObjectNode();
        if (reg != null && reg.metadata() != null) {
            JsonNode node = readObject(reg.metadata());
            if (node != null) {
                merged.setAll((ObjectNode) node);
            }
        }
        events.stream().map(e -> e.room() == null ? null : e.room().metadata()).filter(Objects::nonNull)
                .map(CallProjector::readObject).filter(Objects::nonNull).reduce((a, b) -> b)
                .ifPresent(room -> merged.setAll((ObjectNode) room));
        return merged.isEmpty() ? null : CallRecord.canonicalJson(merged.toString());
    }

    private static JsonNode readObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
