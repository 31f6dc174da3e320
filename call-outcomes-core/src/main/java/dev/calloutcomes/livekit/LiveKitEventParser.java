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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        LiveKitEvent.Room room = EventFields.room(Json.object(root, "room", "room"));
        if (room == null && jobNode != null) {
            room = EventFields.room(Json.object(jobNode, "room", "job.room"));
        }
        LiveKitEvent.AgentJob job = EventFields.agentJob(jobNode);
        LiveKitEvent.Participant participant = EventFields.participant(Json.object(root, "participant", "participant"));
        LiveKitEvent.Egress egress = EgressFields.egress(Json.object(root, "egressInfo", "egressInfo"));
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
        return new CallFacts(normalized, Json.fit(pick(campaignKey, "campaign", metadata, attributes, groups), MAX_ID),
                Json.fit(pick(leadKey, "lead", metadata, attributes, groups), MAX_ID),
                Json.fit(pick(tenantKey, "tenant", metadata, attributes, groups), MAX_ID),
                sip ? Json.fit(attributes.get("sip.callID"), MAX_ID) : null,
                sip ? Json.fit(attributes.get("sip.trunkPhoneNumber"), 64) : null,
                direction(pick(directionKey, "direction", metadata, attributes, groups)),
                sip ? SipCallStatus.ofAttribute(attributes.get("sip.callStatus")) : null, Json.fit(recording, 2048));
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
