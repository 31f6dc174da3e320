package dev.calloutcomes.jdbc;

import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The calls of the rooms one unit of work looked up, and whether those rooms have orphans (failed
 * events no tenant owns); one query serves tenant resolution and call lookup, for one room or for a
 * whole group's. The unit's own call writes are applied to what is kept ({@link #note}), so it stays
 * what a new query would answer, save for calls other units commit meanwhile (as between any two
 * statements under READ COMMITTED). Not thread-safe.
 */
final class RoomCalls {
    /** A room as webhooks name it: by sid, by name, or both. */
    record RoomKey(String sid, String name) {
    }

    /** A call's identity, room and status, as a room lookup returns it (an orphan row: status null). */
    record RoomCall(String id, String tenant, String sid, String name, CallStatus status, OwnerEvidence ownerEvidence) {
        /** When it holds no event yet. */
        boolean registrationOnly() {
            return status == CallStatus.REGISTERED;
        }

        boolean inRoom(RoomKey key) {
            return sid != null && sid.equals(key.sid()) || name != null && name.equals(key.name());
        }
    }

    private final Map<RoomKey, List<RoomCall>> rooms = new HashMap<>();
    /**
     * Rooms that a lookup in this unit of work found without orphans; forgotten when this unit keeps an event as
     * failed. An orphan committed by another unit meanwhile is adopted later, as it would be after our attach.
     */
    private final Set<RoomKey> orphanFree = new HashSet<>();

    /** The calls kept for {@code key}, or null when it was not looked up. */
    List<RoomCall> cached(RoomKey key) {
        return rooms.get(key);
    }

    boolean isOrphanFree(RoomKey key) {
        return orphanFree.contains(key);
    }

    void forgetOrphanFree() {
        orphanFree.clear();
    }

    boolean knows(String callId) {
        return rooms.values().stream().flatMap(List::stream).anyMatch(c -> c.id().equals(callId));
    }

    /** This unit of work moved the events of call {@code callId} away: it holds a registration alone. */
    void emptied(String callId) {
        for (List<RoomCall> calls : rooms.values()) {
            calls.replaceAll(c -> c.id().equals(callId) ? new RoomCall(c.id(), c.tenant(), c.sid(), c.name(), CallStatus.REGISTERED, c.ownerEvidence()) : c);
        }
    }

    /** This unit of work gave call {@code callId} to {@code tenant}. */
    void transferred(String callId, String tenant) {
        for (List<RoomCall> calls : rooms.values()) {
            calls.replaceAll(c -> c.id().equals(callId) ? new RoomCall(c.id(), tenant, c.sid(), c.name(), c.status(), c.ownerEvidence()) : c);
        }
    }

    /** This unit of work deleted call {@code callId}. */
    void deleted(String callId) {
        for (List<RoomCall> calls : rooms.values()) {
            calls.removeIf(c -> c.id().equals(callId));
        }
    }

    /** This unit of work wrote {@code call}: every kept room shows it as it is now. */
    void note(RoomCall call) {
        for (Map.Entry<RoomKey, List<RoomCall>> room : rooms.entrySet()) {
            room.getValue().removeIf(c -> c.id().equals(call.id()));
            if (call.inRoom(room.getKey())) {
                room.getValue().add(call);
            }
        }
    }

    /**
     * Looks up the calls and orphans of {@code keys} in one query. UNION ALL, not OR: each branch uses its own
     * index on every database (H2 scans the table for an OR).
     */
    void load(Handle handle, Dialect dialect, Collection<RoomKey> keys) {
        Set<String> sids = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (RoomKey key : keys) {
            if (key.sid() != null) {
                sids.add(key.sid());
            }
            if (key.name() != null) {
                names.add(key.name());
            }
        }
        List<String> branches = new ArrayList<>();
        if (!sids.isEmpty()) {
            branches.add(CallLogs.roomCallsBranch("livekitRoomSid", "sids"));
            branches.add(CallEvents.roomOrphansBranch("roomSid", "sids"));
        }
        if (!names.isEmpty()) {
            branches.add(CallLogs.roomCallsBranch("livekitRoomName", "names"));
            branches.add(CallEvents.roomOrphansBranch("roomName", "names"));
        }
        if (branches.isEmpty()) {
            return;
        }
        Query query = handle.createQuery(dialect.sql(String.join(" UNION ALL ", branches)));
        if (dialect == Dialect.POSTGRESQL) {
            query.addCustomizer(PgStatements.PLANNED_EACH_TIME);
        }
        if (!sids.isEmpty()) {
            query.bindList("sids", List.copyOf(sids));
        }
        if (!names.isEmpty()) {
            query.bindList("names", List.copyOf(names));
        }
        List<RoomCall> found = new ArrayList<>();
        List<RoomCall> orphanRooms = new ArrayList<>();
        query.map((rs, ctx) -> {
            String status = rs.getString(6);
            String evidence = rs.getString(7);
            RoomCall row = new RoomCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    status == null ? null : CallStatus.fromWireName(status), evidence == null ? null : OwnerEvidence.fromWireName(evidence));
            return "o".equals(rs.getString(5)) ? orphanRooms.add(row) : found.add(row);
        }).list();
        for (RoomKey key : keys) {
            List<RoomCall> inRoom = new ArrayList<>();
            for (RoomCall c : found) {
                if (c.inRoom(key) && inRoom.stream().noneMatch(k -> k.id().equals(c.id()))) {
                    inRoom.add(c);
                }
            }
            rooms.put(key, inRoom);
            if (orphanRooms.stream().anyMatch(o -> o.inRoom(key))) {
                orphanFree.remove(key);
            } else {
                orphanFree.add(key);
            }
        }
    }
}
