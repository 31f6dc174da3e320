package dev.calloutcomes.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.OutcomeStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/** The core's store contract on H2, PostgreSQL and MariaDB. */
class JdbcStoreContractTests {

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class OnDatabase extends OutcomeStoreContract {
        private final TestDatabases database;
        private HikariDataSource dataSource;

        OnDatabase(TestDatabases database) {
            this.database = database;
        }

        @BeforeAll
        void createDatabase() {
            database.assumeReachable();
            dataSource = database.freshDataSource(12);
            Migrations.of(dataSource).upgrade();
        }

        @AfterAll
        void closePool() {
            if (dataSource != null) {
                dataSource.close();
            }
        }

        @Override
        protected OutcomeStore createStore(Clock clock) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + database.quote("livekit_call_events"));
                s.execute("DELETE FROM " + database.quote("call_logs"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return JdbcOutcomeStore.builder().dataSource(dataSource).migrate(false).clock(clock).build();
        }
    }

    @Nested
    class H2 extends OnDatabase {
        H2() {
            super(TestDatabases.H2);
        }
    }

    @Nested
    class PostgreSql extends OnDatabase {
        PostgreSql() {
            super(TestDatabases.POSTGRESQL);
        }
    }

    @Nested
    class MariaDb extends OnDatabase {
        MariaDb() {
            super(TestDatabases.MARIADB);
        }
    }
}
