package dev.calloutcomes.jdbc.internal;

import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.internal.WireNames;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps what an adopted call knew before adoption (phone number, direction, SIP call id, campaign and lead from its
 * metadata, the metadata itself) as its registration, which the projector applies over what events say: reprocessing an
 * adopted call from its events keeps them. Not API (see the package documentation).
 */
final class Registrations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Registrations() {
    }

    private static String pending(Ddl d) {
        return " FROM " + d.q(EarlierModule.CALLS) + " WHERE " + d.q("registration") + " IS NULL AND " + d.q("userId")
                + " IS NOT NULL AND " + d.q("livekitRoomName") + " IS NOT NULL AND TRIM(" + d.q("userId") + ") <> '' AND TRIM("
                + d.q("livekitRoomName") + ") <> ''";
    }

    /** How many adopted calls still lack the registration adoption gives them. */
    static int missing(Connection c, Ddl d) throws SQLException {
        if (!Catalog.columns(c, EarlierModule.CALLS).contains("registration")) {
            return Integer.MAX_VALUE;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*)" + pending(d))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Gives every adopted call with a tenant and a room name its registration. */
    static void fill(Connection c, Ddl d) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + d.q("id") + ", " + d.q("userId") + ", "
                + d.q("livekitRoomName") + ", " + d.q("phoneNumber") + ", " + d.q("direction") + ", " + d.q("metadata") + ", "
                + d.q("sipCallId") + pending(d))) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)});
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE " + d.q(EarlierModule.CALLS) + " SET " + d.q("registration")
                + " = ?, " + d.q("campaignId") + " = ?, " + d.q("leadId") + " = ? WHERE " + d.q("id") + " = ?")) {
            for (String[] row : rows) {
                CallRegistration registration = registration(row[1], row[2], row[3], row[4], row[5], row[6]);
                update.setString(1, JSON.writeValueAsString(registration));
                update.setString(2, registration.campaignId());
                update.setString(3, registration.leadId());
                update.setString(4, row[0]);
                update.addBatch();
            }
            update.executeBatch();
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write an adopted call's registration", e);
        }
    }

    /** The fullest registration the row's values allow (a value the registration refuses is left out). */
    static CallRegistration registration(String tenant, String room, String phone, String direction, String metadata, String sipCallId) {
        // Tenant and room are non-blank (the query says so) and at most 255 characters (the columns do).
        CallRegistration full = CallRegistration.of(tenant, room);
        full = tryWith(full, r -> r.withPhoneNumber(phone));
        full = tryWith(full, r -> r.withDirection(direction(direction)));
        full = tryWith(full, r -> r.withSipCallId(sipCallId));
        if (metadata != null) {
            try {
                JsonNode node = JSON.readTree(metadata);
                if (node != null && node.isObject()) {
                    full = tryWith(full, r -> r.withMetadata(metadata));
                    full = tryWith(full, r -> r.withCampaignId(text(node, "campaignId", "campaign_id")));
                    full = tryWith(full, r -> r.withLeadId(text(node, "leadId", "lead_id")));
                }
            } catch (IOException e) {
                // Not JSON: nothing to take from it.
            }
        }
        return full;
    }

    private static CallRegistration tryWith(CallRegistration r, UnaryOperator<CallRegistration> change) {
        try {
            return change.apply(r);
        } catch (InvalidInputException e) {
            return r;
        }
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    private static final Map<String, CallDirection> DIRECTIONS = WireNames.byWireName(CallDirection.class, null);

    /** The direction the module wrote, when it is one of ours ({@code inbound}, {@code outbound}), else null. */
    private static CallDirection direction(String wire) {
        return wire == null ? null : DIRECTIONS.get(wire);
    }
}
