package dev.calloutcomes.jdbc;

import dev.calloutcomes.jdbc.internal.EarlierModule;
import dev.calloutcomes.jdbc.internal.Slf4jLogService;
import dev.calloutcomes.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.H2Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Schema migrations, run with Liquibase from the changelog shipped in this jar. Liquibase's own
 * bookkeeping lives in {@code call_outcomes_changelog} and {@code call_outcomes_changelog_lock}, so
 * it never collides with a host's own Liquibase. {@link #upgrade()} is idempotent;
 * {@link #downgrade()} removes exactly what upgrade added, and leaves an adopted legacy
 * {@code call_logs} table and its rows in place.
 *
 * <p>A database the earlier Python module created ({@code call_logs} with its nine columns and its
 * {@code livekit_call_events}) is adopted in place by {@link #upgrade()}: our columns are added beside
 * its own, its rows kept and filled, every step recorded with how to undo it; {@link #downgrade()} then
 * returns exactly that module's schema with every row. On PostgreSQL adoption is one transaction; on
 * MariaDB and H2, which commit each DDL statement, a run cut off midway completes when run again.
 * Thread-safe (Liquibase takes a database lock).
 */
public final class Migrations {
    static final String CHANGELOG = "dev/calloutcomes/jdbc/changelog.xml";
    static final String LOG_TABLE = "call_outcomes_changelog";
    static final String LOCK_TABLE = "call_outcomes_changelog_lock";
    static final String LEGACY_CHANGESET = "1-call-logs-legacy-shape";
    /** The tag of the changeset up to which adoption builds the schema (see the changelog). */
    static final String ADOPTION_TAG = "earlier-module-adopted";
    static final String ADOPTION_CHANGESET = "11-earlier-module-adoption-point";

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
     * @param earlierModuleTables the tables of the earlier Python module found in the database and not adopted yet,
     *        as {@code table (its columns that tell)}; {@link #upgrade()} adopts them
     * @param adoption what {@link #upgrade()} would do to adopt them, one line per step (empty when there is nothing to adopt)
     * @param adoptedEarlierModule whether the earlier module's tables were adopted here ({@link #downgrade()} returns them)
     */
    public record Status(List<String> applied, List<String> pending, boolean adoptedLegacyTable, List<String> earlierModuleTables,
                         List<String> adoption, boolean adoptedEarlierModule) {
        public boolean upToDate() {
            return pending.isEmpty();
        }
    }

    /**
     * Applies every pending changeset; first adopts the earlier Python module's tables when the database holds
     * them (see {@link Status#earlierModuleTables()} and {@link Status#adoption()}), or completes an adoption
     * that was cut off.
     *
     * @throws MigrationFailedException when a step fails; on PostgreSQL nothing of the adoption is left
     */
    public void upgrade() {
        run(lb -> {
            EarlierModule earlier = EarlierModule.on(lb.getDatabase());
            if (lb.getDatabase().getRanChangeSetList().isEmpty() && (!earlier.found().isEmpty() || earlier.adopted())) {
                inOneTransactionWherePossible(lb, earlier::adopt);
                lb.changeLogSync(ADOPTION_TAG, new Contexts(), new LabelExpression());
            }
            lb.update(new Contexts(), new LabelExpression());
            return null;
        });
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on PostgreSQL (DDL is transactional there); elsewhere each statement commits. */
    private static void inOneTransactionWherePossible(Liquibase lb, SqlWork work) throws Exception {
        Connection c = ((JdbcConnection) lb.getDatabase().getConnection()).getUnderlyingConnection();
        boolean one = lb.getDatabase() instanceof PostgresDatabase;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(!one);
        try {
            work.run();
            if (one) {
                c.commit();
            }
        } catch (SQLException e) {
            if (one) {
                c.rollback();
            }
            // A statement the database refused, not an unreachable database.
            throw new IllegalStateException((one ? "nothing was changed: " : "") + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
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

    /**
     * Rolls back every applied changeset, then drops Liquibase's bookkeeping tables. On a database whose earlier
     * module's tables were adopted, rolls back the changesets after the adoption point and then undoes the
     * adoption: the earlier module's schema, every row kept (rows it cannot hold, such as our unattributed events
     * without a tenant, stop the downgrade with a message naming them; nothing is changed on PostgreSQL).
     */
    public void downgrade() {
        Status status = status();
        int applied = status.applied().size();
        if (status.adoptedEarlierModule()) {
            int after = applied - (status.applied().indexOf(ADOPTION_CHANGESET) + 1);
            run(lb -> {
                EarlierModule earlier = EarlierModule.on(lb.getDatabase());
                // Refused before anything is rolled back, the later changesets included.
                inOneTransactionWherePossible(lb, earlier::checkRestorable);
                if (after > 0) {
                    lb.rollback(after, (String) null);
                }
                inOneTransactionWherePossible(lb, earlier::restore);
                return null;
            });
        } else if (applied > 0) {
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
                    .map(RanChangeSet::getId).filter(all::contains).toList();
            // The legacy-shape changeset is skipped, unrecorded, when call_logs already exists: it is adopted, not pending.
            boolean adopted = !applied.contains(LEGACY_CHANGESET) && callLogsExists(lb);
            EarlierModule earlier = EarlierModule.on(lb.getDatabase());
            boolean fresh = applied.isEmpty();
            List<String> found = fresh ? earlier.found() : List.of();
            boolean adoptedHere = earlier.adopted();
            List<String> adoption = fresh && (!found.isEmpty() || adoptedHere) ? earlier.pending() : List.of();
            return new Status(applied, pendingIds.stream().filter(id -> !applied.contains(id))
                    .filter(id -> !(adopted && id.equals(LEGACY_CHANGESET))).toList(), adopted && !adoptedHere, found,
                    adoption, adoptedHere && !fresh);
        });
    }

    private static boolean callLogsExists(Liquibase lb) throws Exception {
        Connection c = ((JdbcConnection) lb.getDatabase().getConnection()).getUnderlyingConnection();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), CallLogs.NAME, null)) {
            return rs.next();
        }
    }

    private interface LiquibaseWork<T> {
        T run(Liquibase liquibase) throws Exception;
    }

    private <T> T run(LiquibaseWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            // Liquibase logs through SLF4J, and what it would print to the console (each changeset, the update
            // summary) goes to that log too: a library writes nothing to the host's stdout.
            Map<String, Object> scope = Map.of("liquibase.analytics.enabled", false, "liquibase.showBanner", false,
                    Scope.Attr.logService.name(), new Slf4jLogService(),
                    Scope.Attr.ui.name(), new LoggerUIService());
            return Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                // H2 folds unquoted names to upper case; Liquibase creates its tables unquoted.
                boolean upper = database instanceof H2Database;
                database.setDatabaseChangeLogTableName(upper ? LOG_TABLE.toUpperCase(Locale.ROOT) : LOG_TABLE);
                database.setDatabaseChangeLogLockTableName(upper ? LOCK_TABLE.toUpperCase(Locale.ROOT) : LOCK_TABLE);
                Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()), database);
                liquibase.setShowSummary(UpdateSummaryEnum.OFF);
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                return work.run(liquibase);
            });
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to migrate the schema", e);
        } catch (Exception e) {
            throw new MigrationFailedException("schema migration failed: " + e.getMessage(), e);
        }
    }
}
