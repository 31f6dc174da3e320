package dev.calloutcomes.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/** What the database's catalog says of our tables, for the migrations and the schema check. */
public final class Catalog {
    private Catalog() {
    }

    /** The columns of {@code table} in the connection's schema, in order; empty when there is no such table. */
    public static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        return names;
    }
}
