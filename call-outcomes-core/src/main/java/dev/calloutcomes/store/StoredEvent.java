package dev.calloutcomes.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A webhook event as kept by the store: its id (the idempotency key), owner, call, state and the
 * exact payload it arrived with.
 *
 * @param eventId LiveKit's event id, or a synthetic {@code malformed-...} id for unparseable bodies
 * @param tenantId the owning tenant, null while unresolved
 * @param callId the call it belongs to, null while unattached
 * @param eventType LiveKit's event name, or null when unparseable
 * @param roomSid the room sid it names, or null
 * @param roomName the room name it names, or null
 * @param status its processing state
 * @param error why it failed, or null
 * @param payload the body as received (see {@link #encodePayload})
 * @param createdAt when LiveKit created it, or null
 * @param receivedAt when it was stored
 * @param attempts how many times processing was attempted
 * @param keyTenantId the tenant that the LiveKit API key which signed the webhook is mapped to (see
 *        {@link dev.calloutcomes.webhook.Verification#tenantId()}), or null: the strongest evidence of an owner
 * @param participantIdentity the identity of the event's participant, or null (the earlier module's column)
 * @param participantSid the sid of the event's participant, or null (the earlier module's column)
 */
public record StoredEvent(String eventId, String tenantId, String callId, String eventType, String roomSid,
                          String roomName, EventStatus status, String error, String payload, Instant createdAt,
                          Instant receivedAt, int attempts, String keyTenantId, String participantIdentity,
                          String participantSid) {
    private static final String BASE64_PREFIX = "base64:";

    /** An event without a participant (or whose participant is not recorded). */
    public StoredEvent(String eventId, String tenantId, String callId, String eventType, String roomSid, String roomName,
                       EventStatus status, String error, String payload, Instant createdAt, Instant receivedAt, int attempts,
                       String keyTenantId) {
        this(eventId, tenantId, callId, eventType, roomSid, roomName, status, error, payload, createdAt, receivedAt,
                attempts, keyTenantId, null, null);
    }

    /** An event whose signing key is mapped to no tenant. */
    public StoredEvent(String eventId, String tenantId, String callId, String eventType, String roomSid, String roomName,
                       EventStatus status, String error, String payload, Instant createdAt, Instant receivedAt, int attempts) {
        this(eventId, tenantId, callId, eventType, roomSid, roomName, status, error, payload, createdAt, receivedAt,
                attempts, null, null, null);
    }

    /**
     * The body as text: itself when it is valid UTF-8 without NUL characters (which PostgreSQL text
     * cannot hold), else {@code base64:} followed by its base64.
     */
    public static String encodePayload(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            if (text.indexOf('\u0000') < 0 && !text.startsWith(BASE64_PREFIX)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // falls through to base64
        }
        return BASE64_PREFIX + Base64.getEncoder().encodeToString(body);
    }

    /** The exact body bytes (inverse of {@link #encodePayload}). */
    public byte[] payloadBytes() {
        if (payload.startsWith(BASE64_PREFIX)) {
            return Base64.getDecoder().decode(payload.substring(BASE64_PREFIX.length()));
        }
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    public StoredEvent withStatus(EventStatus newStatus, String newError) {
        return new StoredEvent(eventId, tenantId, callId, eventType, roomSid, roomName, newStatus, newError, payload,
                createdAt, receivedAt, attempts, keyTenantId, participantIdentity, participantSid);
    }

    /** The same event after {@code count} processing attempts. */
    public StoredEvent withAttempts(int count) {
        return new StoredEvent(eventId, tenantId, callId, eventType, roomSid, roomName, status, error, payload,
                createdAt, receivedAt, count, keyTenantId, participantIdentity, participantSid);
    }

    /** This event without its room: attached with {@link StoreTransaction#attachEvent}, it takes no orphans with it. */
    public StoredEvent withoutRoom() {
        return new StoredEvent(eventId, tenantId, callId, eventType, null, null, status, error, payload,
                createdAt, receivedAt, attempts, keyTenantId, participantIdentity, participantSid);
    }

    public StoredEvent withCall(String newTenantId, String newCallId) {
        return new StoredEvent(eventId, newTenantId, newCallId, eventType, roomSid, roomName, status, error, payload,
                createdAt, receivedAt, attempts, keyTenantId, participantIdentity, participantSid);
    }
}
