package dev.calloutcomes.jdbc;

import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Maps event rows to values, and times both ways (stored as UTC without zone); a call's columns are {@link CallColumns}. */
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
}
