package dev.calloutcomes.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.livekit.LiveKitEvent.JobStatus;
import dev.calloutcomes.livekit.LiveKitEvent.ParticipantState;
import java.util.ArrayList;
import java.util.List;

/** The room, participant and agent job objects of a webhook event, as LiveKit's protojson writes them. */
final class EventFields {
    private EventFields() {
    }

    static LiveKitEvent.Room room(JsonNode node) {
        if (node == null) {
            return null;
        }
        var creation = Json.millis(node, "creationTimeMs", "room.creationTimeMs");
        if (creation == null) {
            creation = Json.seconds(node, "creationTime", "room.creationTime");
        }
        String metadata = Json.text(node, "metadata", "room.metadata");
        return new LiveKitEvent.Room(Json.text(node, "sid", "room.sid"), Json.text(node, "name", "room.name"),
                creation, metadata, Json.scalarFields(metadata));
    }

    static LiveKitEvent.Participant participant(JsonNode node) {
        if (node == null) {
            return null;
        }
        var joined = Json.millis(node, "joinedAtMs", "participant.joinedAtMs");
        if (joined == null) {
            joined = Json.seconds(node, "joinedAt", "participant.joinedAt");
        }
        return new LiveKitEvent.Participant(Json.text(node, "sid", "participant.sid"),
                Json.text(node, "identity", "participant.identity"),
                ParticipantKind.of(node.get("kind")),
                Json.protoEnum(ParticipantState.class, Json.enumName(node, "state", "participant.state", "JOINING"), ParticipantState.UNKNOWN), joined,
                Json.enumName(node, "disconnectReason", "participant.disconnectReason", "UNKNOWN_REASON"),
                Json.stringMap(node, "attributes", "participant.attributes"), kindDetails(node.get("kindDetails")));
    }

    static LiveKitEvent.AgentJob agentJob(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode state = Json.object(node, "state", "job.state");
        JobStatus status = null;
        String error = null;
        if (state != null) {
            status = Json.protoEnum(JobStatus.class, Json.enumName(state, "status", "job.state.status", "JS_PENDING"), JobStatus.UNKNOWN);
            error = Json.fit(Json.text(state, "error", "job.state.error"), 1024);
        }
        return new LiveKitEvent.AgentJob(Json.fit(Json.text(node, "id", "job.id"), LiveKitEventParser.MAX_ID),
                Json.fit(Json.text(node, "agentName", "job.agentName"), LiveKitEventParser.MAX_ID), status, error);
    }

    /** LiveKit's {@code KindDetail} numbers as protojson names them, for a body that sends numbers. */
    private static final List<String> KIND_DETAILS = List.of("CLOUD_AGENT", "FORWARDED", "CONNECTOR_WHATSAPP", "CONNECTOR_TWILIO", "BRIDGE_RTSP",
            "SIMULATION");

    /** The names of a participant's kind details (at most 16; an unknown number is kept as its digits). */
    static List<String> kindDetails(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode detail : node) {
            if (names.size() == 16) {
                break;
            }
            if (detail.isTextual() && detail.asText().length() <= 64) {
                names.add(detail.asText());
            } else if (detail.isInt()) {
                int n = detail.asInt();
                names.add(n >= 0 && n < KIND_DETAILS.size() ? KIND_DETAILS.get(n) : Integer.toString(n));
            }
        }
        return names;
    }
}
