package dev.calloutcomes.call;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.internal.JsonDepth;

/**
 * A call the host announces before dialing, so that its webhooks find their tenant, campaign and
 * lead. Registered values take precedence over what events say.
 *
 * @throws InvalidInputException (from the constructor) for a value it cannot hold
 *
 * @param tenantId the owning tenant (required)
 * @param roomName the LiveKit room the call will use (required)
 * @param phoneNumber the number dialed, E.164 preferred
 * @param direction who places the call, or null
 * @param campaignId the host's campaign
 * @param leadId the host's lead
 * @param metadata a JSON object with anything else, or null
 * @param sipCallId the SIP call id the host already knows (CreateSIPParticipant answers it; a call adopted from the
 *        earlier module had it), or null; what events say wins
 */
public record CallRegistration(String tenantId, String roomName, String phoneNumber, CallDirection direction,
                               String campaignId, String leadId, String metadata, String sipCallId) {
    /** The longest metadata a registration holds (characters): what a page of the call list can write back. */
    public static final int MAX_METADATA_CHARS = 16 * 1024;
    /** The deepest nesting metadata may have. */
    public static final int MAX_METADATA_DEPTH = 32;

    public CallRegistration {
        require(tenantId != null && !tenantId.isBlank(), "tenantId", tenantId, "must not be blank");
        require(roomName != null && !roomName.isBlank(), "roomName", roomName, "must not be blank");
        require(metadata == null || metadata.strip().startsWith("{"), "metadata", metadata, "must be a JSON object");
        require(metadata == null || (metadata.length() <= MAX_METADATA_CHARS && !metadata.contains("\\u0000")), "metadata",
                metadata == null ? null : metadata.length() + " characters", "must be at most 16 KiB without NUL characters");
        require(metadata == null || JsonDepth.of(metadata) <= MAX_METADATA_DEPTH, "metadata", "<nested "
                + (metadata == null ? 0 : JsonDepth.of(metadata)) + " deep>", "must nest at most " + MAX_METADATA_DEPTH + " levels");
        require(sipCallId == null || sipCallId.length() <= 255, "sipCallId", sipCallId == null ? null : sipCallId.length() + " characters",
                "must be at most 255 characters");
        for (String value : new String[] {tenantId, roomName, phoneNumber, campaignId, leadId, sipCallId, metadata}) {
            require(value == null || value.indexOf('\u0000') < 0, "registration", "<value with NUL>", "must not contain NUL characters");
            require(value == null || Identifiers.isWellFormed(value), "registration", "<value with a lone surrogate>",
                    "must be valid UTF-16");
        }
        for (String[] field : new String[][] {{"tenantId", tenantId}, {"roomName", roomName},
                {"campaignId", campaignId}, {"leadId", leadId}}) {
            require(field[1] == null || field[1].length() <= 255, field[0], field[1] == null ? null : field[1].length() + " characters",
                    "must be at most 255 characters");
        }
        require(phoneNumber == null || phoneNumber.length() <= 64, "phoneNumber", phoneNumber, "must be at most 64 characters");
    }

    private static void require(boolean condition, String field, Object value, String expectation) {
        if (!condition) {
            throw new InvalidInputException(field + " " + expectation + ", was: " + value);
        }
    }

    /** A registration without a SIP call id. */
    public CallRegistration(String tenantId, String roomName, String phoneNumber, CallDirection direction, String campaignId,
                            String leadId, String metadata) {
        this(tenantId, roomName, phoneNumber, direction, campaignId, leadId, metadata, null);
    }

    /** A registration of {@code roomName} for {@code tenantId} with nothing else known. */
    public static CallRegistration of(String tenantId, String roomName) {
        return new CallRegistration(tenantId, roomName, null, null, null, null, null, null);
    }

    public CallRegistration withPhoneNumber(String value) {
        return new CallRegistration(tenantId, roomName, value, direction, campaignId, leadId, metadata, sipCallId);
    }

    public CallRegistration withDirection(CallDirection value) {
        return new CallRegistration(tenantId, roomName, phoneNumber, value, campaignId, leadId, metadata, sipCallId);
    }

    public CallRegistration withCampaignId(String value) {
        return new CallRegistration(tenantId, roomName, phoneNumber, direction, value, leadId, metadata, sipCallId);
    }

    public CallRegistration withLeadId(String value) {
        return new CallRegistration(tenantId, roomName, phoneNumber, direction, campaignId, value, metadata, sipCallId);
    }

    public CallRegistration withMetadata(String value) {
        return new CallRegistration(tenantId, roomName, phoneNumber, direction, campaignId, leadId, value, sipCallId);
    }

    public CallRegistration withSipCallId(String value) {
        return new CallRegistration(tenantId, roomName, phoneNumber, direction, campaignId, leadId, metadata, value);
    }
}
