package dev.calloutcomes.jdbc;

import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.internal.CanonicalJson;
import dev.calloutcomes.internal.WireNames;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The calls table's columns, one line each: the column's name (the seed's), its bind parameter, how a row's value
 * sets the {@link CallRecord.Builder}, and what a record writes. {@link CallLogs}'s statements, {@link CallColumns#read},
 * {@link CallColumns#params} and {@link SchemaCheck} all read this list. Adding a field to a call means: the value in
 * {@link CallRecord}, its line here, its changeset, its line in the API's JSON.
 */
final class CallColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CallStatus> STATUSES = WireNames.byWireName(CallStatus.class, null);
    private static final Map<String, Outcome> OUTCOMES = WireNames.byWireName(Outcome.class, null);
    private static final Map<String, Disposition> DISPOSITIONS = WireNames.byWireName(Disposition.class, null);

    /** Sets what one column holds on the builder. */
    @FunctionalInterface
    interface Reader {
        void read(ResultSet rs, CallRecord.Builder b) throws SQLException;
    }

    /**
     * One column.
     *
     * @param name the column's name
     * @param param its bind parameter in {@link CallLogs#insert} and {@link CallLogs#update}
     * @param kind how a statement writes it
     * @param reader how a row's value reaches the builder
     * @param writer the value a record binds
     */
    record Column(String name, String param, Kind kind, Reader reader, Function<CallRecord, Object> writer) {
    }

    /** How a statement writes a column. */
    enum Kind {
        /** Written on insert only: the call's key, its owner (moved by its own statement) and its creation time. */
        INSERTED,
        /** Written on insert and update. */
        WRITTEN,
        /** Written on insert and update, as JSON ({@link Dialect#json}). */
        JSON
    }

    /** Every column, in the order statements list them. */
    static final List<Column> ALL = List.of(
            inserted("id", "id", (rs, b) -> b.id(rs.getString("id")), CallRecord::id),
            inserted("userId", "tenant", (rs, b) -> b.tenantId(rs.getString("userId")), CallRecord::tenantId),
            written("status", (rs, b) -> b.status(callStatus(rs.getString("status"), rs.getString("outcome"))),
                    c -> c.status().wireName()),
            written("outcome", (rs, b) -> b.outcome(outcome(rs.getString("outcome"))),
                    c -> wire(c.verdict().outcome(), Outcome::wireName)),
            written("reason", (rs, b) -> b.reason(rs.getString("reason")), c -> c.verdict().reason()),
            written("disposition", (rs, b) -> b.disposition(disposition(rs.getString("disposition"), outcome(rs.getString("outcome")))),
                    c -> wire(c.verdict().disposition(), Disposition::wireName)),
            written("direction", (rs, b) -> b.direction(direction(rs.getString("direction"))),
                    c -> wire(c.parties().direction(), CallDirection::wireName)),
            written("phoneNumber", (rs, b) -> b.phoneNumber(rs.getString("phoneNumber")), c -> c.parties().phoneNumber()),
            written("campaignId", (rs, b) -> b.campaignId(rs.getString("campaignId")), c -> c.attribution().campaignId()),
            written("leadId", (rs, b) -> b.leadId(rs.getString("leadId")), c -> c.attribution().leadId()),
            written("sipCallId", (rs, b) -> b.sipCallId(rs.getString("sipCallId")), c -> c.parties().sipCallId()),
            written("trunkNumber", (rs, b) -> b.trunkNumber(rs.getString("trunkNumber")), c -> c.parties().trunkNumber()),
            written("livekitRoomSid", (rs, b) -> b.roomSid(rs.getString("livekitRoomSid")), c -> c.room().sid()),
            written("livekitRoomName", (rs, b) -> b.roomName(rs.getString("livekitRoomName")), c -> c.room().name()),
            written("startedAt", (rs, b) -> b.startedAt(Rows.instant(rs, "startedAt")), c -> Rows.ts(c.timing().startedAt())),
            written("endedAt", (rs, b) -> b.endedAt(Rows.instant(rs, "endedAt")), c -> Rows.ts(c.timing().endedAt())),
            // INT columns: a count that does not fit fails loudly rather than wrap (the projector never makes one).
            written("duration", (rs, b) -> b.durationSeconds(seconds(rs, "duration")), c -> seconds(c.timing().durationSeconds())),
            written("recordingUrl", (rs, b) -> b.recordingUrl(rs.getString("recordingUrl")), c -> c.recording().url()),
            new Column("metadata", "metadata", Kind.JSON, (rs, b) -> b.metadata(CanonicalJson.of(rs.getString("metadata"))),
                    CallRecord::metadata),
            written("registration", (rs, b) -> b.registration(registration(rs.getString("registration"))),
                    c -> registrationJson(c.registration())),
            written("ownerEvidence", (rs, b) -> b.ownerEvidence(ownerEvidence(rs.getString("ownerEvidence"))),
                    c -> wire(c.ownership().evidence(), OwnerEvidence::wireName)),
            written("ownerContested", (rs, b) -> b.ownerContested(rs.getBoolean("ownerContested")), c -> c.ownership().contested()),
            written("ringSeconds", (rs, b) -> b.ringSeconds(seconds(rs, "ringSeconds")), c -> seconds(c.timing().ringSeconds())),
            written("talkSeconds", (rs, b) -> b.talkSeconds(seconds(rs, "talkSeconds")), c -> seconds(c.timing().talkSeconds())),
            written("agent", (rs, b) -> b.agent(rs.getString("agent")), c -> c.parties().agent()),
            written("simulated", (rs, b) -> b.simulated(rs.getBoolean("simulated")), c -> c.parties().simulated()),
            written("recordingError", (rs, b) -> b.recordingError(rs.getString("recordingError")), c -> c.recording().error()),
            written("carrierCallIds", (rs, b) -> b.carrierCallIds(rs.getString("carrierCallIds")), c -> c.parties().carrierCallIds()),
            written("hangUpBy", (rs, b) -> b.hangUpBy(rs.getString("hangUpBy")), c -> c.hostReport().hangUpBy()),
            written("transferTarget", (rs, b) -> b.transferTarget(rs.getString("transferTarget")), c -> c.hostReport().transferTarget()),
            written("transcript", (rs, b) -> b.transcript(rs.getString("transcript")), c -> c.hostReport().transcript()),
            written("transcriptUrl", (rs, b) -> b.transcriptUrl(rs.getString("transcriptUrl")), c -> c.hostReport().transcriptUrl()),
            written("transcriptLanguage", (rs, b) -> b.transcriptLanguage(rs.getString("transcriptLanguage")),
                    c -> c.hostReport().transcriptLanguage()),
            written("analysis", (rs, b) -> b.analysis(rs.getString("analysis")), c -> c.hostReport().analysis()),
            inserted("createdAt", "createdAt", (rs, b) -> b.createdAt(Rows.instant(rs, "createdAt")), c -> Rows.ts(c.createdAt())),
            written("updatedAt", (rs, b) -> b.updatedAt(Rows.instant(rs, "updatedAt")), c -> Rows.ts(c.updatedAt())));

    private CallColumns() {
    }

    private static Column inserted(String name, String param, Reader reader, Function<CallRecord, Object> writer) {
        return new Column(name, param, Kind.INSERTED, reader, writer);
    }

    private static Column written(String name, Reader reader, Function<CallRecord, Object> writer) {
        return new Column(name, name, Kind.WRITTEN, reader, writer);
    }

    /** The record a row holds. */
    static CallRecord read(ResultSet rs) throws SQLException {
        CallRecord.Builder b = CallRecord.builder();
        for (Column column : ALL) {
            column.reader().read(rs, b);
        }
        return b.build();
    }

    /** The bind parameters of {@code c}'s row. */
    static Map<String, Object> params(CallRecord c) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (Column column : ALL) {
            p.put(column.param(), column.writer().apply(c));
        }
        return p;
    }

    private static <E> String wire(E value, Function<E, String> wireName) {
        return value == null ? null : wireName.apply(value);
    }

    private static Integer seconds(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }

    private static Long seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
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

    /** A stored outcome; a word that is not one of ours (an earlier module's) reads as none. */
    static Outcome outcome(String outcome) {
        return ours(OUTCOMES, outcome);
    }

    /** A stored direction; one this library did not write (a legacy row) reads as unknown rather than failing the read. */
    private static CallDirection direction(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return CallDirection.fromWireName(stored);
        } catch (InvalidInputException e) {
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
