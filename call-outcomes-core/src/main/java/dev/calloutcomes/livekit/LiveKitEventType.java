package dev.calloutcomes.livekit;

import dev.calloutcomes.internal.WireNames;
import java.util.Map;

/**
 * The webhook event names LiveKit sends (protocol {@code webhook/consts.go}). The set is open: LiveKit adds
 * events, so a name this library does not know is {@link #UNKNOWN}, and {@link LiveKitEvent#type()} keeps the
 * name itself.
 */
public enum LiveKitEventType {
    ROOM_STARTED(true),
    ROOM_FINISHED(true),
    PARTICIPANT_JOINED(true),
    PARTICIPANT_LEFT(true),
    PARTICIPANT_CONNECTION_ABORTED(true),
    TRACK_PUBLISHED(false),
    TRACK_UNPUBLISHED(false),
    EGRESS_STARTED(true),
    EGRESS_UPDATED(true),
    EGRESS_ENDED(true),
    INGRESS_STARTED(false),
    INGRESS_ENDED(false),
    /** An agent job began for a room ({@code job}, its room in {@code job.room}). */
    AGENT_JOB_STARTED(true),
    /** An agent job ended; {@code job.state.status} {@code JS_FAILED} with {@code job.state.error} when it failed. */
    AGENT_JOB_ENDED(true),
    /** A name newer than this library. */
    UNKNOWN(false);

    private static final Map<String, LiveKitEventType> BY_NAME = WireNames.byWireName(LiveKitEventType.class, UNKNOWN);

    private final boolean aboutCalls;

    LiveKitEventType(boolean aboutCalls) {
        this.aboutCalls = aboutCalls;
    }

    /** The name in the webhook's {@code event} field (the constant's name in lower case); null for {@link #UNKNOWN}. */
    public String wireName() {
        return this == UNKNOWN ? null : WireNames.of(this);
    }

    /** Whether events of this type can change a call's record (rooms, participants, egress, agent jobs). */
    public boolean isAboutCalls() {
        return aboutCalls;
    }

    /** The type named {@code wireName}, compared byte for byte; {@link #UNKNOWN} for any other name or null. */
    public static LiveKitEventType of(String wireName) {
        return wireName == null ? UNKNOWN : BY_NAME.getOrDefault(wireName, UNKNOWN);
    }
}
