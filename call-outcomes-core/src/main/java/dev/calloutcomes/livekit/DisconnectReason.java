package dev.calloutcomes.livekit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LiveKit's {@code DisconnectReason} (livekit/protocol {@code livekit_models.proto}), read once from a participant's
 * {@code disconnectReason} (protojson sends the name; a number is read by its value). What each means for a call is
 * said where the rules use it ({@link dev.calloutcomes.outcome.DefaultRules}).
 */
public enum DisconnectReason {
    UNKNOWN_REASON, CLIENT_INITIATED, DUPLICATE_IDENTITY, SERVER_SHUTDOWN, PARTICIPANT_REMOVED, ROOM_DELETED,
    STATE_MISMATCH, JOIN_FAILURE, MIGRATION, SIGNAL_CLOSE, ROOM_CLOSED, USER_UNAVAILABLE, USER_REJECTED,
    SIP_TRUNK_FAILURE, CONNECTION_TIMEOUT, MEDIA_FAILURE, AGENT_ERROR,
    /** A name this library does not know (a newer LiveKit, or the seed format's own words). */
    UNKNOWN;

    private static final List<DisconnectReason> BY_NUMBER = List.of(values()).subList(0, UNKNOWN.ordinal());
    private static final Map<String, DisconnectReason> BY_NAME = new HashMap<>();

    static {
        for (DisconnectReason r : BY_NUMBER) {
            BY_NAME.put(r.name(), r);
        }
    }

    /** The reason {@code name} names: LiveKit's enum name or number; null for null, {@link #UNKNOWN} for anything else. */
    public static DisconnectReason of(String name) {
        if (name == null) {
            return null;
        }
        DisconnectReason byName = BY_NAME.get(name);
        if (byName != null) {
            return byName;
        }
        if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(name);
            return n < BY_NUMBER.size() ? BY_NUMBER.get(n) : UNKNOWN;
        }
        return UNKNOWN;
    }

    /** Whether this says why the participant left (neither the zero value nor unknown). */
    public boolean known() {
        return this != UNKNOWN_REASON && this != UNKNOWN;
    }

    /**
     * Whether LiveKit's server ended the session rather than either party: its SIP node or signal connection lost
     * ({@code CONNECTION_TIMEOUT}, {@code SIGNAL_CLOSE}), a shutdown or migration, a state mismatch, or a second
     * session of the same identity ({@code DUPLICATE_IDENTITY}). Not a carrier's failure.
     */
    public boolean serverSide() {
        return this == CONNECTION_TIMEOUT || this == SIGNAL_CLOSE || this == SERVER_SHUTDOWN || this == STATE_MISMATCH
                || this == MIGRATION || this == DUPLICATE_IDENTITY;
    }

    /** Whether the host ended the session through LiveKit's API: {@code DeleteRoom}, {@code RemoveParticipant}, a room closed. */
    public boolean byHost() {
        return this == ROOM_DELETED || this == PARTICIPANT_REMOVED || this == ROOM_CLOSED;
    }

    /**
     * Whether the session was replaced by another of the same identity (a SIP participant reconnecting gets a new sid;
     * the server removes the old session with {@code DUPLICATE_IDENTITY}, or {@code MIGRATION} when it moves it).
     */
    public boolean replaced() {
        return this == DUPLICATE_IDENTITY || this == MIGRATION;
    }
}
