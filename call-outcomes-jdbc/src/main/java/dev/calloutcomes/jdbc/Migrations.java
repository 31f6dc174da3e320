package dev.calloutcomes.jdbc;

import dev.calloutcomes.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Schema migrations, run with Liquibase from the changelog shipped in this jar. Liquibase's own
 * bookkeeping lives in {@code call_outcomes_changelog} and {@code call_outcomes_changelog_lock}, so
 * it never collides with a host's own Liquibase. {@link #upgrade()} is idempotent;
 * {@link #downgrade()} removes exactly what upgrade added, and leaves an adopted legacy
 * {@code call_logs} table and its rows in place. Thread-safe (Liquibase takes a database lock).
 */
public final class Migrations {
    static final String CHANGELOG = "dev/calloutcomes/jdbc/changelog.xml";
    static final String LOG_TABLE = "call_outcomes_changelog";
    static final String LOCK_TABLE = "call_outcomes_changelog_lock";
    static final String LEGACY_CHANGESET = "1-call-logs-legacy-shape";

    private final DataSource dataSource;

    private Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Migrations of(DataSource dataSource) {
        return new Migrations(dataSource);
    }

    /**
     * The state of the schema.
     *
     * @param applied changesets applied, in order
     * @param pending changesets not yet applied
     * @param adoptedLegacyTable whether an existing {@code call_logs} table was adopted rather than created
     * @param earlierModuleTables the tables of the earlier Python module found in the database, as
     *        {@code table (its columns that tell)}; {@link #upgrade()} refuses to touch a database holding any
     */
    public record Status(List<String> applied, List<String> pending, boolean adoptedLegacyTable, List<String> earlierModuleTables) {
        public boolean upToDate() {
            return pending.isEmpty();
        }
    }

    /**
     * Applies every pending changeset.
     *
     * @throws MigrationFailedException before changing anything, when the database holds the earlier Python
     *         module's tables (see {@link Status#earlierModuleTables()}): adopting them in place is not supported yet
     */
    public void upgrade() {
        List<String> earlier = status().earlierModuleTables();
        if (!earlier.isEmpty()) {
            throw new MigrationFailedException("this database holds the earlier call-outcomes module's tables: "
                    + String.join("; ", earlier) + ". Adopting them in place is not supported yet; nothing was changed. "
                    + "Point the store at a schema of its own (see the README, \"Migrations\")", null);
        }
        run(lb -> {
            lb.update(new Contexts(), new LabelExpression());
            return null;
        });
    }

    /** Applies the pending changesets that come before {@code changeSetId}: the schema of an earlier release (tests). */
    void upgradeBefore(String changeSetId) {
        int count = status().pending().indexOf(changeSetId);
        if (count < 0) {
            throw new IllegalArgumentException("no pending changeset " + changeSetId);
        }
        run(lb -> {
            lb.update(count, new Contexts(), new LabelExpression());
            return null;
        });
    }

    /** Rolls back the last {@code count} applied changesets: back to an earlier release's schema. */
    void rollBack(int count) {
        run(lb -> {
            lb.rollback(count, (String) null);
            return null;
        });
    }

    /** Rolls back every applied changeset, then drops Liquibase's bookkeeping tables. */
    public void downgrade() {
        int applied = status().applied().size();
        if (applied > 0) {
            run(lb -> {
                lb.rollback(applied, (String) null);
                return null;
            });
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + LOCK_TABLE);
            s.execute("DROP TABLE IF EXISTS " + LOG_TABLE);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot drop the migration bookkeeping tables", e);
        }
    }

    /** Which changesets are applied and which are pending. */
    public Status status() {
        return run(lb -> {
            List<ChangeSet> pending = lb.listUnrunChangeSets(new Contexts(), new LabelExpression());
            List<String> pendingIds = pending.stream().map(ChangeSet::getId).toList();
            List<String> all = lb.getDatabaseChangeLog().getChangeSets().stream().map(ChangeSet::getId).toList();
            List<String> applied = lb.getDatabase().getRanChangeSetList().stream()
                    .map(liquibase.changelog.RanChangeSet::getId).filter(all::contains).toList();
            // The legacy-shape changeset is skipped, unrecorded, when call_logs already exists: it is adopted, not pending.
            boolean adopted = !applied.contains(LEGACY_CHANGESET) && callLogsExists(lb);
            return new Status(applied, pendingIds.stream().filter(id -> !applied.contains(id))
                    .filter(id -> !(adopted && id.equals(LEGACY_CHANGESET))).toList(), adopted, earlierModuleTables(lb));
        });
    }

    /**
     * The earlier module's tables: its {@code call_logs} names the room {@code livekitRoomName} where ours says
     * {@code roomName}; its {@code livekit_call_events} has {@code event} and {@code processed} where ours has
     * {@code eventType} and {@code status}.
     */
    private static List<String> earlierModuleTables(Liquibase lb) throws Exception {
        java.sql.Connection c = ((JdbcConnection) lb.getDatabase().getConnection()).getUnderlyingConnection();
        List<String> found = new java.util.ArrayList<>();
        java.util.Set<String> calls = columns(c, CallLogs.NAME);
        if (calls.contains("livekitRoomName") && !calls.contains("roomName")) {
            found.add(CallLogs.NAME + " (livekitRoomName)");
        }
        java.util.Set<String> events = columns(c, CallEvents.NAME);
        if (events.contains("event") && events.contains("processed") && !events.contains("eventType")) {
            found.add(CallEvents.NAME + " (event, processed)");
        }
        return List.copyOf(found);
    }

    private static java.util.Set<String> columns(java.sql.Connection c, String table) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.sql.ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME"));
            }
        }
        return names;
    }

    private static boolean callLogsExists(Liquibase lb) throws Exception {
        java.sql.Connection c = ((JdbcConnection) lb.getDatabase().getConnection()).getUnderlyingConnection();
        try (java.sql.ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), CallLogs.NAME, null)) {
            return rs.next();
        }
    }

    private interface LiquibaseWork<T> {
        T run(Liquibase liquibase) throws Exception;
    }

    private <T> T run(LiquibaseWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Object> scope = Map.of("liquibase.analytics.enabled", false, "liquibase.showBanner", false);
            return Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                // H2 folds unquoted names to upper case; Liquibase creates its tables unquoted.
                boolean upper = database instanceof liquibase.database.core.H2Database;
                database.setDatabaseChangeLogTableName(upper ? LOG_TABLE.toUpperCase(java.util.Locale.ROOT) : LOG_TABLE);
                database.setDatabaseChangeLogLockTableName(upper ? LOCK_TABLE.toUpperCase(java.util.Locale.ROOT) : LOCK_TABLE);
                Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()), database);
                return work.run(liquibase);
            });
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to migrate the schema", e);
        } catch (Exception e) {
            throw new MigrationFailedException("schema migration failed: " + e.getMessage(), e);
        }
    }
}
