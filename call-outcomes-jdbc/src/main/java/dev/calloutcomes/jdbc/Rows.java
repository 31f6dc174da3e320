package dev.calloutcomes.jdbc;

import dev.calloutcomes.internal.CanonicalJson;
import dev.calloutcomes.internal.WireNames;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.UnknownWireNameException;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps rows to values and values to bind parameters. Times are stored as UTC without zone. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Rows() {
    }

    static LocalDateTime ts(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    static CallRecord call(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        String outcome = rs.getString("outcome");
        long duration = rs.getLong("duration");
        Long durationSeconds = rs.wasNull() ? null : duration;
        return CallRecord.builder().id(rs.getString("id")).tenantId(rs.getString("userId"))
                .status(callStatus(status, outcome)).outcome(outcome(outcome)).reason(rs.getString("reason"))
                .disposition(disposition(rs.getString("disposition"), outcome(outcome))).direction(direction(rs.getString("direction")))
                .phoneNumber(rs.getString("phoneNumber")).campaignId(rs.getString("campaignId")).leadId(rs.getString("leadId"))
                .sipCallId(rs.getString("sipCallId")).trunkNumber(rs.getString("trunkNumber"))
                .roomSid(rs.getString("livekitRoomSid")).roomName(rs.getString("livekitRoomName"))
                .startedAt(instant(rs, "startedAt")).endedAt(instant(rs, "endedAt")).durationSeconds(durationSeconds)
                .recordingUrl(rs.getString("recordingUrl")).metadata(CanonicalJson.of(rs.getString("metadata")))
                .registration(registration(rs.getString("registration"))).ownerEvidence(ownerEvidence(rs.getString("ownerEvidence")))
                .ownerContested(rs.getBoolean("ownerContested")).ringSeconds(seconds(rs, "ringSeconds"))
                .talkSeconds(seconds(rs, "talkSeconds")).agent(rs.getString("agent")).simulated(rs.getBoolean("simulated"))
                .recordingError(rs.getString("recordingError")).carrierCallIds(rs.getString("carrierCallIds"))
                .hangUpBy(rs.getString("hangUpBy")).transferTarget(rs.getString("transferTarget")).transcript(rs.getString("transcript"))
                .transcriptUrl(rs.getString("transcriptUrl")).transcriptLanguage(rs.getString("transcriptLanguage"))
                .analysis(rs.getString("analysis")).createdAt(instant(rs, "createdAt")).updatedAt(instant(rs, "updatedAt")).build();
    }

    static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getString("eventId"), rs.getString("userId"), rs.getString("callLogId"),
                rs.getString("event"), rs.getString("roomSid"), rs.getString("roomName"),
                EventStatus.fromWireName(rs.getString("status")), rs.getString("errorMessage"), rs.getString("rawPayload"),
                instant(rs, "createdAt"), instant(rs, "receivedAt"), rs.getInt("attempts"), rs.getString("keyTenantId"),
                rs.getString("participantIdentity"), rs.getString("participantSid"));
    }

    /**
     * A call's status as stored. The earlier module wrote its own words into {@code status} ({@code completed},
     * {@code in_progress}, ...): a value that is not ours is read as ended when the row has an outcome, else in
     * progress, and stays as it is in the row until the call is written again.
     */
    static CallStatus callStatus(String status, String outcome) {
        CallStatus ours = ours(STATUSES, status);
        return ours != null ? ours : status == null || outcome != null ? CallStatus.ENDED : CallStatus.IN_PROGRESS;
    }

    private static final Map<String, CallStatus> STATUSES = WireNames.byWireName(CallStatus.class, null);
    private static final Map<String, Outcome> OUTCOMES = WireNames.byWireName(Outcome.class, null);
    private static final Map<String, Disposition> DISPOSITIONS = WireNames.byWireName(Disposition.class, null);

    /** The constant whose wire name {@code stored} is exactly, or null (for null, or a word that is not ours). */
    private static <E> E ours(Map<String, E> byWireName, String stored) {
        return stored == null ? null : byWireName.get(stored);
    }

    /**
     * A stored disposition; a row written before dispositions (or with a word that is not ours) reads as its
     * outcome's own ({@link Disposition#of}) until the call is recomputed.
     */
    static Disposition disposition(String stored, Outcome outcome) {
        Disposition ours = ours(DISPOSITIONS, stored);
        return ours != null && (outcome == null || ours.outcome() == outcome) ? ours : outcome == null ? null : Disposition.of(outcome);
    }

    private static Long seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A stored outcome; a word that is not one of ours (an earlier module's) reads as none. */
    static Outcome outcome(String outcome) {
        return ours(OUTCOMES, outcome);
    }

    /** Bind parameters of a call row. */
    static Map<String, Object> callParams(CallRecord c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", c.id());
        p.put("tenant", c.tenantId());
        p.put("status", c.status().wireName());
        p.put("outcome", c.verdict().outcome() == null ? null : c.verdict().outcome().wireName());
        p.put("reason", c.verdict().reason());
        p.put("disposition", c.verdict().disposition() == null ? null : c.verdict().disposition().wireName());
        p.put("ringSeconds", c.timing().ringSeconds() == null ? null : Math.toIntExact(c.timing().ringSeconds()));
        p.put("talkSeconds", c.timing().talkSeconds() == null ? null : Math.toIntExact(c.timing().talkSeconds()));
        p.put("agent", c.parties().agent());
        p.put("simulated", c.parties().simulated());
        p.put("recordingError", c.recording().error());
        p.put("carrierCallIds", c.parties().carrierCallIds());
        p.put("hangUpBy", c.hostReport().hangUpBy());
        p.put("transferTarget", c.hostReport().transferTarget());
        p.put("transcript", c.hostReport().transcript());
        p.put("transcriptUrl", c.hostReport().transcriptUrl());
        p.put("transcriptLanguage", c.hostReport().transcriptLanguage());
        p.put("analysis", c.hostReport().analysis());
        p.put("direction", c.parties().direction() == null ? null : c.parties().direction().wireName());
        p.put("phone", c.parties().phoneNumber());
        p.put("campaign", c.attribution().campaignId());
        p.put("lead", c.attribution().leadId());
        p.put("sipCallId", c.parties().sipCallId());
        p.put("trunk", c.parties().trunkNumber());
        p.put("roomSid", c.room().sid());
        p.put("roomName", c.room().name());
        p.put("startedAt", ts(c.timing().startedAt()));
        p.put("endedAt", ts(c.timing().endedAt()));
        // The column is INT: a duration that does not fit fails loudly rather than wrap (the projector never makes one).
        p.put("duration", c.timing().durationSeconds() == null ? null : Math.toIntExact(c.timing().durationSeconds()));
        p.put("recordingUrl", c.recording().url());
        p.put("metadata", c.metadata());
        p.put("registration", registrationJson(c.registration()));
        p.put("ownerEvidence", c.ownership().evidence() == null ? null : c.ownership().evidence().wireName());
        p.put("ownerContested", c.ownership().contested());
        p.put("createdAt", ts(c.createdAt()));
        p.put("updatedAt", ts(c.updatedAt()));
        return p;
    }

    /** A stored direction; one this library did not write (a legacy row) reads as unknown rather than failing the read. */
    private static CallDirection direction(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return CallDirection.fromWireName(stored);
        } catch (UnknownWireNameException e) {
            return null;
        }
    }

    private static String registrationJson(CallRegistration r) {
        try {
            return r == null ? null : JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a registration", e);
        }
    }

    private static OwnerEvidence ownerEvidence(String wireName) {
        return wireName == null ? null : OwnerEvidence.fromWireName(wireName);
    }

    private static CallRegistration registration(String json) {
        try {
            return json == null ? null : JSON.readValue(json, CallRegistration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored registration is not readable JSON", e);
        }
    }
}
