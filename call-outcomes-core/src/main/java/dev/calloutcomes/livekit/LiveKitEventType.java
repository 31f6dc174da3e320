package dev.calloutcomes.livekit;

import java.util.HashMap;
import java.util.Map;

/**
 * The webhook event names LiveKit sends (protocol {@code webhook/consts.go}). The set is open: LiveKit adds
 * events, so a name this library does not know is {@link #UNKNOWN}, and {@link LiveKitEvent#type()} keeps the
 * name itself.
 */
public enum LiveKitEventType {
    ROOM_STARTED("room_started", true),
    ROOM_FINISHED("room_finished", true),
    PARTICIPANT_JOINED("participant_joined", true),
    PARTICIPANT_LEFT("participant_left", true),
    PARTICIPANT_CONNECTION_ABORTED("participant_connection_aborted", true),
    TRACK_PUBLISHED("track_published", false),
    TRACK_UNPUBLISHED("track_unpublished", false),
    EGRESS_STARTED("egress_started", true),
    EGRESS_UPDATED("egress_updated", true),
    EGRESS_ENDED("egress_ended", true),
    INGRESS_STARTED("ingress_started", false),
    INGRESS_ENDED("ingress_ended", false),
    /** A name newer than this library. */
    UNKNOWN(null, false);

    private static final Map<String, LiveKitEventType> BY_NAME = new HashMap<>();

    static {
        for (LiveKitEventType type : values()) {
            if (type.wireName != null) {
                BY_NAME.put(type.wireName, type);
            }
        }
    }

    private final String wireName;
    private final boolean aboutCalls;

    LiveKitEventType(String wireName, boolean aboutCalls) {
        this.wireName = wireName;
        this.aboutCalls = aboutCalls;
    }

    /** The name in the webhook's {@code event} field; null for {@link #UNKNOWN}. */
    public String wireName() {
        return wireName;
    }

    /** Whether events of this type can change a call's record (rooms, participants, egress). */
    public boolean isAboutCalls() {
        return aboutCalls;
    }

    /** The type named {@code wireName}, compared byte for byte; {@link #UNKNOWN} for any other name or null. */
    public static LiveKitEventType of(String wireName) {
        return wireName == null ? UNKNOWN : BY_NAME.getOrDefault(wireName, UNKNOWN);
    }
}
