package dev.calloutcomes.jdbc;

import dev.calloutcomes.jdbc.internal.Catalog;
import dev.calloutcomes.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Checks, before a store without migrations starts, that the tables hold every column our statements use. */
final class SchemaCheck {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private SchemaCheck() {
    }

    /** The columns each table must have: those our statements read and write. */
    static Map<String, List<String>> required() {
        Map<String, List<String>> required = new LinkedHashMap<>();
        required.put(CallLogs.NAME, CallColumns.ALL.stream().map(CallColumns.Column::name).toList());
        List<String> events = new ArrayList<>(quoted(CallEvents.INSERTED));
        events.add("seq");
        events.add("availableAt");
        required.put(CallEvents.NAME, events);
        return required;
    }

    private static List<String> quoted(String columns) {
        List<String> names = new ArrayList<>();
        Matcher m = QUOTED.matcher(columns);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * @throws SchemaMismatchException naming every missing table and column
     * @throws StoreUnavailableException when the database cannot be reached to check
     */
    static void verify(DataSource dataSource) {
        List<String> problems = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : required().entrySet()) {
                Set<String> present = Catalog.columns(c, table.getKey());
                if (present.isEmpty()) {
                    problems.add("table " + table.getKey() + " is missing");
                    continue;
                }
                List<String> missing = table.getValue().stream().filter(col -> !present.contains(col)).toList();
                if (!missing.isEmpty()) {
                    problems.add("table " + table.getKey() + " lacks column(s) " + String.join(", ", missing));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to check the schema", e);
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException("the database schema does not match this version of call-outcomes: "
                    + String.join("; ", problems) + ". Upgrade it (Migrations.of(dataSource).upgrade(), the MigrationCommand "
                    + "'upgrade', or build the store with migrate(true)) before starting");
        }
    }
}
