package dev.calloutcomes.jdbc;

import dev.calloutcomes.jdbc.internal.RowIds;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.SqlStatement;

/** Event rows to values and values to bind parameters, and times both ways (stored as UTC without zone); a call's columns are {@link CallColumns}. */
final class Rows {
    private Rows() {
    }

    static LocalDateTime ts(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getString("eventId"), rs.getString("userId"), rs.getString("callLogId"),
                rs.getString("event"), rs.getString("roomSid"), rs.getString("roomName"),
                EventStatus.fromWireName(rs.getString("status")), rs.getString("errorMessage"), rs.getString("rawPayload"),
                instant(rs, "createdAt"), instant(rs, "receivedAt"), rs.getInt("attempts"), rs.getString("keyTenantId"),
                rs.getString("participantIdentity"), rs.getString("participantSid"));
    }

    static <S extends SqlStatement<S>> S bindEvent(S statement, StoredEvent e) {
        return bindEvent(statement, e, "");
    }

    /** Binds the parameters of {@link CallEvents#insert}, their names prefixed with {@code prefix}. */
    static <S extends SqlStatement<S>> S bindEvent(S statement, StoredEvent e, String prefix) {
        return statement.bind(prefix + "eventId", e.eventId()).bind(prefix + "tenant", e.tenantId())
                .bind(prefix + "callId", e.callId()).bind(prefix + "type", e.eventType())
                .bind(prefix + "roomSid", e.roomSid()).bind(prefix + "roomName", e.roomName())
                .bind(prefix + "status", e.status().wireName()).bind(prefix + "error", truncate(e.error()))
                .bind(prefix + "payload", e.payload()).bind(prefix + "createdAt", Rows.ts(e.createdAt()))
                .bind(prefix + "receivedAt", Rows.ts(e.receivedAt())).bind(prefix + "attempts", e.attempts())
                .bind(prefix + "keyTenant", e.keyTenantId()).bind(prefix + "participantIdentity", e.participantIdentity())
                .bind(prefix + "participantSid", e.participantSid()).bind(prefix + "rowId", RowIds.next(e.receivedAt()))
                .bind(prefix + "timestamp", e.createdAt() == null ? null : e.createdAt().getEpochSecond())
                .bind(prefix + "processed", e.status() == EventStatus.PROCESSED ? 1 : 0)
                .bind(prefix + "processedAt", e.status() == EventStatus.PROCESSED ? Rows.ts(e.receivedAt()) : null);
    }

    /** An error message as the events table keeps it: at most 2,000 characters. */
    static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000) + "...";
    }
}
