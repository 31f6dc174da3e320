package dev.calloutcomes.query;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A page request over one tenant's calls, newest first (by {@code createdAt}, then id), with keyset
 * pagination. Every filter is optional but the tenant. The time range is half-open: {@code from}
 * inclusive, {@code to} exclusive. Immutable; build with {@link #forTenant(String)}.
 */
public record CallQuery(String tenantId, Outcome outcome, CallStatus status, CallDirection direction, String campaignId,
                        String phoneNumber, String roomName, Instant from, Instant to, int limit, Cursor after,
                        Disposition disposition, String agent) {
    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size; larger requests are capped. */
    public static final int MAX_LIMIT = 500;

    /**
     * @throws InvalidInputException when a value cannot be stored or compared: a tenant or filter with
     *     control characters or over 255 characters, a time outside years 1000 to 9999, a range that
     *     ends before it starts, a limit below 1
     */
    public CallQuery {
        QueryValues.tenant(tenantId);
        QueryValues.filter("campaign", campaignId);
        QueryValues.filter("phone", phoneNumber);
        QueryValues.filter("room", roomName);
        QueryValues.filter("agent", agent);
        QueryValues.instant("from", from);
        QueryValues.instant("to", to);
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidInputException("to must not be before from");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit must be a positive whole number, was: " + limit);
        }
        limit = Math.min(limit, MAX_LIMIT);
    }

    /** All calls of {@code tenantId}, {@value #DEFAULT_LIMIT} a page. */
    public static CallQuery forTenant(String tenantId) {
        return new CallQuery(tenantId, null, null, null, null, null, null, null, null, DEFAULT_LIMIT, null, null, null);
    }

    public CallQuery withOutcome(Outcome v) {
        return new CallQuery(tenantId, v, status, direction, campaignId, phoneNumber, roomName, from, to, limit, after, disposition, agent);
    }

    /** Calls with this {@link Disposition}. */
    public CallQuery withDisposition(Disposition v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, roomName, from, to, limit, after, v, agent);
    }

    /** Calls whose agent (its participant identity) is {@code v}. */
    public CallQuery withAgent(String v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, roomName, from, to, limit, after, disposition, v);
    }

    public CallQuery withStatus(CallStatus v) {
        return new CallQuery(tenantId, outcome, v, direction, campaignId, phoneNumber, roomName, from, to, limit, after, disposition, agent);
    }

    public CallQuery withDirection(CallDirection v) {
        return new CallQuery(tenantId, outcome, status, v, campaignId, phoneNumber, roomName, from, to, limit, after, disposition, agent);
    }

    public CallQuery withCampaignId(String v) {
        return new CallQuery(tenantId, outcome, status, direction, v, phoneNumber, roomName, from, to, limit, after, disposition, agent);
    }

    public CallQuery withPhoneNumber(String v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, v, roomName, from, to, limit, after, disposition, agent);
    }

    public CallQuery withRoomName(String v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, v, from, to, limit, after, disposition, agent);
    }

    public CallQuery withRange(Instant fromInclusive, Instant toExclusive) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, roomName, fromInclusive,
                toExclusive, limit, after, disposition, agent);
    }

    public CallQuery withLimit(int v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, roomName, from, to, v, after, disposition, agent);
    }

    public CallQuery withCursor(Cursor v) {
        return new CallQuery(tenantId, outcome, status, direction, campaignId, phoneNumber, roomName, from, to, limit, v, disposition, agent);
    }

    /**
     * A position in the newest-first order: the last call of the previous page.
     *
     * @param createdAt that call's {@code createdAt}
     * @param id that call's id
     */
    public record Cursor(Instant createdAt, String id) {
        /** An opaque, URL-safe token. */
        public String encode() {
            String raw = createdAt.toEpochMilli() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** Reads a token made by {@link #encode()}; throws {@link InvalidInputException} for anything else. */
        public static Cursor decode(String token) {
            Cursor cursor;
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = raw.indexOf(':');
                cursor = new Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
                QueryValues.instant("cursor", cursor.createdAt());
                QueryValues.filter("cursor", cursor.id());
            } catch (RuntimeException e) {
                throw new InvalidInputException("cursor is not one this API issued");
            }
            return cursor;
        }
    }
}
