package dev.calloutcomes.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/**
 * pgjdbc settings of single statements. Loaded only on PostgreSQL, so the other databases need no
 * pgjdbc on the class path.
 */
final class PgStatements {
    private PgStatements() {
    }

    /**
     * Plans the statement afresh with its actual parameters at every execution, instead of letting it
     * become a server-side prepared statement whose generic plan PostgreSQL may keep. For statements whose
     * best plan changes with the tables' size (a plan chosen while they were nearly empty scans them
     * whole once they are large) and whose text varies (an IN list as long as a group), so that a cached
     * plan would rarely be reused anyway.
     */
    static final StatementCustomizer PLANNED_EACH_TIME = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
            if (statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        }
    };
}
