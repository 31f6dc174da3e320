package dev.calloutcomes.jdbc.internal;

import dev.calloutcomes.jdbc.internal.AdoptionSteps.Probe;
import dev.calloutcomes.jdbc.internal.AdoptionSteps.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import liquibase.database.Database;

/**
 * Adopts, in place, the tables of the earlier Python module ({@code ../shared/seed}): {@code call_logs} with the
 * nine columns that module added, and {@code livekit_call_events} as its document writes it. Adoption adds our
 * columns beside the module's, fills them from what the rows hold (an event's status from {@code processed}, a
 * call's fields as a registration so that reprocessing keeps them), converts what must be converted (JSON payloads
 * to text, which stays readable; NOT NULL dropped where we store what the module never did), and creates our
 * indexes. Every step is recorded, before it runs, in {@value #RECORD} with the statements that undo it, so that
 * {@link #restore} returns exactly the module's schema, every row kept.
 *
 * <p>A step runs only when its probe says it is not done yet, so a run cut off midway (MariaDB and H2 commit each
 * DDL statement) completes when run again; on PostgreSQL the caller runs the whole adoption in one transaction.
 * Not API (see the package documentation).
 */
public final class EarlierModule {
    /** Where adoption records its steps and how to undo them. */
    public static final String RECORD = "call_outcomes_adoption";
    static final String CALLS = SeedNames.CALLS;
    static final String EVENTS = SeedNames.EVENTS;

    private final Connection c;
    private final Ddl d;
    private final SeedCatalog catalog;
    private final AdoptionSteps plan;

    private EarlierModule(Connection c, Ddl d) {
        this.c = c;
        this.d = d;
        this.catalog = new SeedCatalog(c, d);
        this.plan = new AdoptionSteps(c, d, catalog);
    }

    public static EarlierModule on(Database database) {
        return new EarlierModule(Ddl.connection(database), Ddl.of(database));
    }

    /** On {@code c}, whose database is one of ours by its product name. */
    public static EarlierModule on(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        Ddl d = product.contains("postgres") ? Ddl.POSTGRESQL : product.contains("h2") ? Ddl.H2
                : product.contains("mariadb") ? Ddl.MARIADB : Ddl.MYSQL;
        return new EarlierModule(c, d);
    }

    /**
     * The tables the earlier module left that are not adopted yet, as {@code table (the columns that tell)}: its
     * {@code call_logs} has {@code livekitRoomName} without our {@code registration}; its events table has
     * {@code processed} without our {@code seq}. Also a run that was cut off midway.
     */
    public List<String> found() throws SQLException {
        List<String> found = new ArrayList<>();
        Set<String> calls = Catalog.columns(c, CALLS);
        if (calls.contains("livekitRoomName") && !calls.contains("registration")) {
            found.add(CALLS + " (livekitRoomName)");
        }
        Set<String> events = Catalog.columns(c, EVENTS);
        if (events.contains("processed") && !events.contains("seq")) {
            found.add(EVENTS + " (event, processed)");
        }
        if (found.isEmpty() && catalog.recordExists() && !pending().isEmpty()) {
            found.add(RECORD + " (an adoption cut off midway)");
        }
        return List.copyOf(found);
    }

    /** Whether adoption ran here (its record exists): downgrade restores the earlier module's schema. */
    public boolean adopted() throws SQLException {
        return catalog.recordExists();
    }

    /** What adoption would still do, one line per step. */
    public List<String> pending() throws SQLException {
        List<String> lines = new ArrayList<>();
        for (Step step : plan.all()) {
            if (!catalog.done(step.probe())) {
                lines.add(step.description());
            }
        }
        return lines;
    }

    /** Runs every step not done yet, each recorded before it runs. */
    public void adopt() throws SQLException {
        adopt(Integer.MAX_VALUE);
    }

    /** Runs at most {@code steps} of the steps not done yet, as a run cut off midway would (tests). */
    public void adopt(int steps) throws SQLException {
        if (!catalog.recordExists()) {
            exec(List.of("CREATE TABLE " + d.q(RECORD) + " (" + d.q("position") + " INTEGER NOT NULL, " + d.q("step") + " VARCHAR(100) NOT NULL PRIMARY KEY, "
                    + d.q("description") + " VARCHAR(500) NOT NULL, " + d.q("probeKind") + " VARCHAR(20) NOT NULL, " + d.q("probeTable") + " VARCHAR(64) NOT NULL, "
                    + d.q("probeName") + " VARCHAR(255), " + d.q("probeValue") + " VARCHAR(255), " + d.q("undo") + " " + (d.backticks() ? "LONGTEXT" : d == Ddl.H2 ? "CLOB" : "TEXT") + ")"));
        }
        int position = nextPosition();
        Set<String> ran = new HashSet<>();
        // Planned again after each step: a step's statements are written from the catalog as the steps before left it.
        for (int left = steps; left > 0; left--) {
            Step step = null;
            for (Step candidate : plan.all()) {
                if (!catalog.done(candidate.probe())) {
                    step = candidate;
                    break;
                }
            }
            if (step == null) {
                return;
            }
            if (!ran.add(step.id())) {
                throw new SQLException("adoption step '" + step.description() + "' ran and is still not done");
            }
            record(position++, step);
            if (step.probe().kind() == Probe.Kind.REGISTRATIONS) {
                Registrations.fill(c, d);
            } else {
                exec(step.forward());
            }
        }
    }

    /**
     * Undoes every recorded step that is done, last first, and drops the record: the earlier module's schema.
     *
     * @throws SQLException naming what stops it (rows the earlier schema cannot hold); PostgreSQL's caller rolls back
     */
    public void restore() throws SQLException {
        checkRestorable();
        List<Object[]> steps = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + d.q("step") + ", " + d.q("probeKind") + ", "
                + d.q("probeTable") + ", " + d.q("probeName") + ", " + d.q("probeValue") + ", " + d.q("undo") + " FROM " + d.q(RECORD)
                + " ORDER BY " + d.q("position") + " DESC")) {
            while (rs.next()) {
                steps.add(new Object[] {rs.getString(1), new Probe(Probe.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5)), rs.getString(6)});
            }
        }
        for (Object[] step : steps) {
            if (catalog.done((Probe) step[1])) {
                String undo = (String) step[2];
                exec(undo == null || undo.isEmpty() ? List.of() : List.of(undo.split(";\n")));
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
                s.setString(1, (String) step[0]);
                s.executeUpdate();
            }
        }
        exec(List.of("DROP TABLE " + d.q(RECORD)));
    }

    /**
     * @throws SQLException naming the rows the earlier module's schema cannot hold (our unattributed and malformed
     *         events), before anything is changed
     */
    public void checkRestorable() throws SQLException {
        List<String> refused = unholdable();
        if (!refused.isEmpty()) {
            throw new SQLException("the earlier module's schema cannot hold " + String.join("; ", refused)
                    + ": delete or fix them (they were stored by call-outcomes), then downgrade again");
        }
    }

    /** Rows the earlier module's NOT NULL columns would refuse (our unattributed and malformed events). */
    private List<String> unholdable() throws SQLException {
        List<String> refused = new ArrayList<>();
        for (String column : List.of("userId", "event", "roomName", "timestamp")) {
            if (notNullDropped(column)) {
                int rows = catalog.count("SELECT COUNT(*) FROM " + d.q(EVENTS) + " WHERE " + d.q(column) + " IS NULL");
                if (rows > 0) {
                    refused.add(rows + " event(s) without " + column);
                }
            }
        }
        return refused;
    }

    private boolean notNullDropped(String column) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
            s.setString(1, "nullable:" + EVENTS + "." + column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    private int nextPosition() throws SQLException {
        return catalog.count("SELECT COALESCE(MAX(" + d.q("position") + "), 0) + 1 FROM " + d.q(RECORD));
    }

    private void record(int position, Step step) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + d.q(RECORD) + " WHERE " + d.q("step") + " = ?")) {
            s.setString(1, step.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + d.q(RECORD) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setInt(1, position);
            s.setString(2, step.id());
            s.setString(3, step.description());
            s.setString(4, step.probe().kind().name());
            s.setString(5, step.probe().table());
            s.setString(6, step.probe().name());
            s.setString(7, step.probe().value());
            s.setString(8, String.join(";\n", step.reverse()));
            s.executeUpdate();
        }
    }

    private void exec(List<String> sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}
