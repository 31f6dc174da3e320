package dev.calloutcomes.livekit;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import dev.calloutcomes.livekit.LiveKitEvent.CallFacts;
import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.internal.FactEvents;
import dev.calloutcomes.internal.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses LiveKit's {@code WebhookEvent} JSON exactly as LiveKit writes it (protojson: lowerCamelCase
 * names, 64-bit integers as strings, enums by name, zero values omitted, unknown fields ignored), and
 * the seed design's variant (ISO-8601 times, plain numbers), into an immutable {@link LiveKitEvent}
 * with derived {@link CallFacts}.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()} or take {@link #defaults()}.
 */
public final class LiveKitEventParser {
    private final String defaultCountryCode;
    private final List<RoomNamePattern> roomNamePatterns;
    private final String tenantKey;
    private final String campaignKey;
    private final String leadKey;
    private final String directionKey;
    /** Room names recur in every event of a call and on every recomputation; matching is cached. */
    private final ConcurrentHashMap<String, Map<String, String>> groupCache =
            new ConcurrentHashMap<>();

    private LiveKitEventParser(Builder b) {
        this.defaultCountryCode = b.defaultCountryCode;
        this.roomNamePatterns = List.copyOf(b.roomNamePatterns);
        this.tenantKey = b.tenantKey;
        this.campaignKey = b.campaignKey;
        this.leadKey = b.leadKey;
        this.directionKey = b.directionKey;
    }

    /** Country code 1, the seed's room-name pattern, keys tenantId, campaignId, leadId and direction. */
    public static LiveKitEventParser defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses one webhook body.
     *
     * @throws MalformedEventException when the body is not JSON, is not an object, lacks {@code event}
     *     or {@code id}, or holds a field of the wrong type
     */
    public LiveKitEvent parse(byte[] body) {
        JsonNode root = Json.read(body);
        if (!root.isObject()) {
            throw new MalformedEventException("body must be a JSON object");
        }
        String type = Json.text(root, "event", "event");
        String id = Json.text(root, "id", "id");
        if (type == null || type.isBlank()) {
            throw new MalformedEventException("field 'event' is missing");
        }
        if (id == null || id.isBlank()) {
            throw new MalformedEventException("field 'id' is missing");
        }
        if (id.length() > 255) {
            throw new MalformedEventException("field 'id' is longer than 255 characters");
        }
        JsonNode jobNode = Json.object(root, "job", "job");
        LiveKitEvent.Room room = room(Json.object(root, "room", "room"));
        if (room == null && jobNode != null) {
            room = room(Json.object(jobNode, "room", "job.room"));
        }
        LiveKitEvent.AgentJob job = agentJob(jobNode);
        LiveKitEvent.Participant participant = participant(Json.object(root, "participant", "participant"));
        LiveKitEvent.Egress egress = egress(Json.object(root, "egressInfo", "egressInfo"));
        CallFact hostFact = null;
        if (FactEvents.TYPE.equals(type)) {
            try {
                hostFact = FactEvents.parse(root.get("fact"));
            } catch (InvalidInputException e) {
                throw new MalformedEventException("field 'fact': " + e.getMessage());
            }
        }
        LiveKitEvent event = new LiveKitEvent(type, id, Json.seconds(root, "createdAt", "createdAt"), room, participant,
                egress, CallFacts.NONE, hostFact, job);
        if (length(event.roomName()) > MAX_ID || length(event.roomSid()) > MAX_ID || type.length() > 64) {
            throw new MalformedEventException("event type, room name or room sid is too long (limits 64, 255, 255)");
        }
        for (String identifier : new String[] {id, type, event.roomName(), event.roomSid()}) {
            if (identifier != null && !Identifiers.isWellFormed(identifier)) {
                // A lone surrogate: no database keeps it as it is, so two identifiers would meet.
                throw new MalformedEventException("event id, type, room name or room sid is not valid UTF-16");
            }
        }
        return new LiveKitEvent(type, id, event.createdAt(), room, participant, egress, facts(event), hostFact, job);
    }

    /** Longest id, name or key a store must keep (VARCHAR(255) columns). */
    static final int MAX_ID = 255;

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** {@code value}, or null when it is longer than {@code max}: facts that do not fit are dropped, not truncated. */
    private static String fit(String value, int max) {
        return value == null || value.length() > max ? null : value;
    }

    private static LiveKitEvent.Room room(JsonNode node) {
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

    private static LiveKitEvent.Participant participant(JsonNode node) {
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
                enumName(node, "state", "participant.state", "JOINING"), joined,
                enumName(node, "disconnectReason", "participant.disconnectReason", "UNKNOWN_REASON"),
                Json.stringMap(node, "attributes", "participant.attributes"), kindDetails(node.get("kindDetails")));
    }

    private static final List<String> JOB_STATUSES = List.of("JS_PENDING", "JS_RUNNING", "JS_SUCCESS", "JS_FAILED");

    private static LiveKitEvent.AgentJob agentJob(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode state = Json.object(node, "state", "job.state");
        String status = null;
        String error = null;
        if (state != null) {
            JsonNode s = state.get("status");
            status = s == null ? "JS_PENDING" : s.isInt() && s.asInt() >= 0 && s.asInt() < JOB_STATUSES.size()
                    ? JOB_STATUSES.get(s.asInt()) : s.isTextual() ? fit(s.asText(), 64) : null;
            error = fit(Json.text(state, "error", "job.state.error"), 1024);
        }
        return new LiveKitEvent.AgentJob(fit(Json.text(node, "id", "job.id"), MAX_ID), fit(Json.text(node, "agentName", "job.agentName"), MAX_ID),
                status, error);
    }

    /** LiveKit's {@code KindDetail} numbers as protojson names them, for a body that sends numbers. */
    private static final List<String> KIND_DETAILS = List.of("CLOUD_AGENT", "FORWARDED", "CONNECTOR_WHATSAPP", "CONNECTOR_TWILIO", "BRIDGE_RTSP",
            "SIMULATION");

    /** The names of a participant's kind details (at most 16; an unknown number is kept as its digits). */
    private static List<String> kindDetails(JsonNode node) {
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

    private static LiveKitEvent.Egress egress(JsonNode node) {
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
                egressStatus(enumName(node, "status", "egressInfo.status", "EGRESS_STARTING")),
                Json.nanos(node, "startedAt", "egressInfo.startedAt"), Json.nanos(node, "endedAt", "egressInfo.endedAt"),
                List.copyOf(files), playlists.stream().filter(Objects::nonNull).toList(),
                Json.text(node, "error", "egressInfo.error"));
    }

    /** The objects of array {@code field} of the egress (none when absent). */
    private static List<JsonNode> objects(JsonNode egress, String field) {
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

    /** livekit_egress.proto's EgressStatus, by number. */
    private static final List<String> EGRESS_STATUSES = List.of("EGRESS_STARTING", "EGRESS_ACTIVE", "EGRESS_ENDING",
            "EGRESS_COMPLETE", "EGRESS_FAILED", "EGRESS_ABORTED", "EGRESS_LIMIT_REACHED");

    /** An egress status by name, a number sent for it turned into its name. */
    private static String egressStatus(String status) {
        if (!status.isEmpty() && status.chars().allMatch(Character::isDigit) && status.length() < 3) {
            int n = Integer.parseInt(status);
            return n < EGRESS_STATUSES.size() ? EGRESS_STATUSES.get(n) : status;
        }
        return status;
    }

    private static LiveKitEvent.FileResult file(JsonNode f, String path) {
        return new LiveKitEvent.FileResult(Json.text(f, "filename", path + ".filename"),
                Json.text(f, "location", path + ".location"), Json.nanos(f, "startedAt", path + ".startedAt"),
                Json.nanos(f, "endedAt", path + ".endedAt"), Json.int64(f, "size", path + ".size"),
                Json.nanosDuration(f, "duration", path + ".duration"));
    }

    /** protojson writes enums by name; numbers are accepted too (zero value when absent). */
    private static String enumName(JsonNode parent, String field, String path, String zero) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return zero;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asInt() == 0 ? zero : node.asText();
        }
        throw new MalformedEventException("field '" + path + "' must be an enum name");
    }

    private CallFacts facts(LiveKitEvent event) {
        Map<String, String> metadata = event.room() == null ? Map.of() : event.room().metadataFields();
        Map<String, String> attributes = event.participant() == null ? Map.of() : event.participant().attributes();
        Map<String, String> groups = roomNameGroups(event.roomName());
        boolean sip = event.participant() != null && event.participant().isSip();
        String phone = sip ? attributes.get("sip.phoneNumber") : null;
        String normalized = PhoneNumbers.toE164(phone != null ? phone : groups.get("phone"), defaultCountryCode);
        String recording = null;
        if (event.eventType() == LiveKitEventType.EGRESS_ENDED && event.egress() != null) {
            recording = event.egress().recordingLocation();
        }
        return new CallFacts(normalized, fit(pick(campaignKey, "campaign", metadata, attributes, groups), MAX_ID),
                fit(pick(leadKey, "lead", metadata, attributes, groups), MAX_ID),
                fit(pick(tenantKey, "tenant", metadata, attributes, groups), MAX_ID),
                sip ? fit(attributes.get("sip.callID"), MAX_ID) : null,
                sip ? fit(attributes.get("sip.trunkPhoneNumber"), 64) : null,
                direction(pick(directionKey, "direction", metadata, attributes, groups)),
                sip ? SipCallStatus.ofAttribute(attributes.get("sip.callStatus")) : null, fit(recording, 2048));
    }

    /** The named groups of the first room-name pattern that matches {@code roomName}. */
    public Map<String, String> roomNameGroups(String roomName) {
        if (roomName == null) {
            return Map.of();
        }
        Map<String, String> cached = groupCache.get(roomName);
        if (cached == null) {
            if (groupCache.size() >= 10_000) {
                groupCache.clear();
            }
            cached = matchGroups(roomName);
            groupCache.put(roomName, cached);
        }
        return cached;
    }

    private Map<String, String> matchGroups(String roomName) {
        for (RoomNamePattern pattern : roomNamePatterns) {
            Map<String, String> groups = pattern.match(roomName);
            if (!groups.isEmpty()) {
                return groups;
            }
        }
        return Map.of();
    }

    private static String pick(String key, String group, Map<String, String> metadata, Map<String, String> attributes,
                               Map<String, String> groups) {
        String value = metadata.get(key);
        if (value == null || value.isBlank()) {
            value = attributes.get(key);
        }
        if (value == null || value.isBlank()) {
            value = groups.get(group);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static CallDirection direction(String raw) {
        if (raw == null) {
            return null;
        }
        String d = raw.toLowerCase(Locale.ROOT);
        return d.startsWith("in") ? CallDirection.INBOUND : d.startsWith("out") ? CallDirection.OUTBOUND : null;
    }

    /** The E.164 form of {@code raw} under this parser's default country code, or null. */
    public String normalizePhone(String raw) {
        return PhoneNumbers.toE164(raw, defaultCountryCode);
    }

    /** Builds a {@link LiveKitEventParser}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private String defaultCountryCode = "1";
        private List<RoomNamePattern> roomNamePatterns = List.of(RoomNamePattern.SEED);
        private String tenantKey = "tenantId";
        private String campaignKey = "campaignId";
        private String leadKey = "leadId";
        private String directionKey = "direction";

        private Builder() {
        }

        /** Country calling code for national numbers, digits only; default {@code 1}. */
        public Builder defaultCountryCode(String code) {
            require(code != null && code.matches("[1-9]\\d{0,2}"), "defaultCountryCode", code, "must be 1 to 3 digits");
            this.defaultCountryCode = code;
            return this;
        }

        /** Room-name patterns, tried in order; default {@link RoomNamePattern#SEED}. */
        public Builder roomNamePatterns(List<RoomNamePattern> patterns) {
            requireNonNull(patterns, "roomNamePatterns");
            this.roomNamePatterns = List.copyOf(patterns);
            return this;
        }

        /** Key naming the tenant in room metadata and participant attributes; default {@code tenantId}. */
        public Builder tenantKey(String key) {
            this.tenantKey = key(key, "tenantKey");
            return this;
        }

        /** Key naming the campaign; default {@code campaignId}. */
        public Builder campaignKey(String key) {
            this.campaignKey = key(key, "campaignKey");
            return this;
        }

        /** Key naming the lead; default {@code leadId}. */
        public Builder leadKey(String key) {
            this.leadKey = key(key, "leadKey");
            return this;
        }

        /** Key naming the direction; default {@code direction}. */
        public Builder directionKey(String key) {
            this.directionKey = key(key, "directionKey");
            return this;
        }

        private static String key(String key, String field) {
            require(key != null && !key.isBlank(), field, key, "must not be blank");
            return key;
        }

        public LiveKitEventParser build() {
            return new LiveKitEventParser(this);
        }
    }

    /**
     * A regular expression over room names whose named groups ({@code phone}, {@code tenant},
     * {@code campaign}, {@code lead}, {@code direction}) give call facts. The default matches the seed
     * design's {@code sip-7678189426__1730000000__abc}. Immutable and thread-safe.
     */
    public static final class RoomNamePattern {
        static final String[] GROUPS = {"phone", "tenant", "campaign", "lead", "direction"};
        /** {@code sip-<phone>__<unix seconds>__<suffix>}. */
        public static final RoomNamePattern SEED = of("^sip-(?<phone>\\+?\\d{5,15})__\\d+__.+$");

        private final Pattern pattern;

        private RoomNamePattern(Pattern pattern) {
            this.pattern = pattern;
        }

        /** A pattern from a regex with named groups (any of phone, tenant, campaign, lead, direction). */
        public static RoomNamePattern of(String regex) {
            return new RoomNamePattern(Pattern.compile(regex));
        }

        /** The named groups that matched, or an empty map. */
        public Map<String, String> match(String roomName) {
            if (roomName == null) {
                return Map.of();
            }
            Matcher m = pattern.matcher(roomName);
            if (!m.matches()) {
                return Map.of();
            }
            Map<String, String> groups = new LinkedHashMap<>();
            for (String group : GROUPS) {
                if (pattern.pattern().contains("(?<" + group + ">") && m.group(group) != null) {
                    groups.put(group, m.group(group));
                }
            }
            return Map.copyOf(groups);
        }

        @Override
        public String toString() {
            return "RoomNamePattern[" + pattern.pattern() + "]";
        }
    }
}
