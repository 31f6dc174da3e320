package dev.calloutcomes.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.livekit.LiveKitEvent.EgressStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The egress object of an {@code egress_*} event: its status, files and HLS playlists. */
final class EgressFields {
    private EgressFields() {
    }

    static LiveKitEvent.Egress egress(JsonNode node) {
        if (node == null) {
            return null;
        }
        List<LiveKitEvent.FileResult> files = new ArrayList<>();
        List<JsonNode> results = objects(node, "fileResults");
        for (int i = 0; i < results.size(); i++) {
            files.add(file(results.get(i), "egressInfo.fileResults[" + i + "]"));
        }
        JsonNode legacyFile = Json.object(node, "file", "egressInfo.file");
        if (files.isEmpty() && legacyFile != null) {
            files.add(file(legacyFile, "egressInfo.file"));
        }
        // HLS: segmentResults (SegmentsInfo), or the deprecated single segments.
        List<String> playlists = new ArrayList<>();
        List<JsonNode> segments = objects(node, "segmentResults");
        for (int i = 0; i < segments.size(); i++) {
            playlists.add(Json.text(segments.get(i), "playlistLocation", "egressInfo.segmentResults[" + i + "].playlistLocation"));
        }
        JsonNode legacySegments = Json.object(node, "segments", "egressInfo.segments");
        if (playlists.isEmpty() && legacySegments != null) {
            playlists.add(Json.text(legacySegments, "playlistLocation", "egressInfo.segments.playlistLocation"));
        }
        return new LiveKitEvent.Egress(Json.text(node, "egressId", "egressInfo.egressId"),
                Json.text(node, "roomId", "egressInfo.roomId"), Json.text(node, "roomName", "egressInfo.roomName"),
                Json.protoEnum(EgressStatus.class, Json.enumName(node, "status", "egressInfo.status", "EGRESS_STARTING"), EgressStatus.UNKNOWN),
                Json.nanos(node, "startedAt", "egressInfo.startedAt"), Json.nanos(node, "endedAt", "egressInfo.endedAt"),
                List.copyOf(files), playlists.stream().filter(Objects::nonNull).toList(),
                Json.text(node, "error", "egressInfo.error"));
    }

    /** The objects of array {@code field} of the egress (none when absent). */
    static List<JsonNode> objects(JsonNode egress, String field) {
        JsonNode array = egress.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new MalformedEventException("field 'egressInfo." + field + "' must be an array");
        }
        List<JsonNode> objects = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                throw new MalformedEventException("field 'egressInfo." + field + "[" + i + "]' must be an object");
            }
            objects.add(array.get(i));
        }
        return objects;
    }

    static LiveKitEvent.FileResult file(JsonNode f, String path) {
        return new LiveKitEvent.FileResult(Json.text(f, "filename", path + ".filename"),
                Json.text(f, "location", path + ".location"), Json.nanos(f, "startedAt", path + ".startedAt"),
                Json.nanos(f, "endedAt", path + ".endedAt"), Json.int64(f, "size", path + ".size"),
                Json.nanosDuration(f, "duration", path + ".duration"));
    }
}
