package dev.calloutcomes.livekit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * LiveKit's {@code ParticipantInfo.Kind}, as webhooks send it: by name (protojson) or by number.
 * Kinds this library does not know yet are {@link #UNKNOWN}, never an error.
 */
public enum ParticipantKind {
    /** A web or app client (protojson omits it: the zero value). */
    STANDARD(0),
    INGRESS(1),
    EGRESS(2),
    /** The phone side of a SIP call. */
    SIP(3),
    /** A LiveKit agent. */
    AGENT(4),
    /** A connector (for example WhatsApp or Twilio), see its kind details. */
    CONNECTOR(7),
    BRIDGE(8),
    /** A kind newer than this library. */
    UNKNOWN(-1);

    private static final Map<String, ParticipantKind> BY_NAME = new HashMap<>();
    private static final Map<Long, ParticipantKind> BY_NUMBER = new HashMap<>();

    static {
        for (ParticipantKind kind : values()) {
            if (kind != UNKNOWN) {
                BY_NAME.put(kind.name(), kind);
                BY_NUMBER.put((long) kind.number, kind);
            }
        }
    }

    private final int number;

    ParticipantKind(int number) {
        this.number = number;
    }

    /** The protobuf number. */
    public int number() {
        return number;
    }

    /** The kind a JSON field holds: a name or a number; {@link #STANDARD} when absent (protojson's zero value). */
    static ParticipantKind of(JsonNode node) {
        if (node == null || node.isNull()) {
            return STANDARD;
        }
        ParticipantKind kind = node.isTextual() ? BY_NAME.get(node.textValue())
                : node.isIntegralNumber() ? BY_NUMBER.get(node.asLong()) : null;
        return kind == null ? UNKNOWN : kind;
    }
}
