package dev.calloutcomes.jdbc;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.internal.Pages;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutcomeStore} on a relational database (H2, PostgreSQL 12+, MariaDB 10.6+ / MySQL 8)
 * through Jdbi. Idempotency is enforced by the database's unique event id, so it holds across
 * processes; units of work on the same call serialize on a row lock of the call; deadlocks and
 * serialization failures are retried. Any failure to reach or use the database becomes a
 * {@link StoreUnavailableException}, with nothing of the unit of work written.
 *
 * <p>Thread-safe. Build with {@link #builder()}; close it to close a pool it created.
 */
public final class JdbcOutcomeStore implements OutcomeStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutcomeStore.class);
    private static final int RETRIES = 5;
    /** The size of the pool a store opens itself ({@link Builder#jdbcUrl}). */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    /** How long a store's own pool waits for a connection before the store counts as unavailable. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final HikariDataSource ownPool;
    /**
     * Whether the pool's connections are READ COMMITTED already. Then a unit of work does not ask for
     * it: asking costs up to eight round trips per transaction with pgjdbc (Jdbi reads the level,
     * sets it and restores it, and each read is a {@code SHOW TRANSACTION ISOLATION LEVEL} query).
     */
    private final boolean readCommittedByDefault;

    private JdbcOutcomeStore(DataSource dataSource, HikariDataSource ownPool, Clock clock) {
        this.jdbi = Jdbi.create(dataSource);
        this.ownPool = ownPool;
        this.clock = clock;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
            this.readCommittedByDefault = c.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED;
            if (dialect == Dialect.H2) {
                // H2 writes commits to its file up to 500 ms later by default: a crash then loses webhooks already
                // answered 2xx. With no delay a commit is in the file (the OS's, at least) before we answer.
                try (Statement s = c.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to the database", e);
        }
        if (!readCommittedByDefault) {
            LOG.info("the pool's connections are not READ COMMITTED; each unit of work sets it (configure the pool "
                    + "with READ COMMITTED to save those round trips)");
        }
    }

    /** Runs {@code callback} in a READ COMMITTED transaction. */
    private <T> T readCommitted(HandleCallback<T, RuntimeException> callback) {
        return readCommittedByDefault ? jdbi.inTransaction(callback)
                : jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readCommitted(handle -> {
                    JdbcTransaction tx = new JdbcTransaction(handle, dialect, clock);
                    T result = work.apply(tx);
                    tx.flush();
                    return result;
                });
            } catch (JdbiException e) {
                SQLException sql = StorageFailures.sqlCause(e);
                if (sql != null && Dialect.isRetryable(sql) && attempt < RETRIES) {
                    LOG.debug("unit of work hit {} (SQLState {}); retrying, attempt {}", sql.getClass().getSimpleName(),
                            sql.getSQLState(), attempt + 1);
                    StorageFailures.pauseBeforeRetry(attempt);
                    continue;
                }
                throw StorageFailures.translated(e);
            }
        }
    }

    private <T> T translate(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw StorageFailures.translated(e);
        }
    }

    private <T> T read(Function<Handle, T> reader) {
        return translate(() -> jdbi.withHandle(reader::apply));
    }

    static Optional<CallRecord> callByRoom(Handle h, Dialect dialect, String tenantId, String roomSid, String roomName) {
        if (roomSid != null) {
            Optional<CallRecord> bySid = h.createQuery(CallLogs.byRoomSid(dialect))
                    .bind("tenant", tenantId).bind("key", roomSid).map((rs, ctx) -> CallColumns.read(rs)).findFirst();
            if (bySid.isPresent()) {
                return bySid;
            }
        }
        return roomName == null ? Optional.empty()
                : h.createQuery(CallLogs.byRoomName(dialect)).bind("tenant", tenantId).bind("key", roomName)
                .map((rs, ctx) -> CallColumns.read(rs)).findFirst();
    }

    static List<StoredEvent> callEvents(Handle h, Dialect dialect, String tenantId, String callId) {
        return h.createQuery(CallEvents.byCall(dialect))
                .bind("call", callId).bind("tenant", tenantId).map((rs, ctx) -> Rows.event(rs)).list();
    }

    @Override
    public Optional<CallRecord> findCall(String tenantId, String callId) {
        return read(h -> h.createQuery(CallLogs.byId(dialect))
                .bind("id", callId).bind("tenant", tenantId).map((rs, ctx) -> CallColumns.read(rs)).findFirst());
    }

    @Override
    public Optional<CallRecord> findCallByRoom(String tenantId, String roomSid, String roomName) {
        return read(h -> callByRoom(h, dialect, tenantId, roomSid, roomName));
    }

    @Override
    public CallPage queryCalls(CallQuery q) {
        return read(h -> Pages.fromFetched(CallQueries.page(h, dialect, q), q.limit()));
    }

    @Override
    public OutcomeStats stats(StatsQuery q) {
        return read(h -> CallQueries.stats(h, dialect, q));
    }

    @Override
    public Optional<StoredEvent> findEvent(String eventId) {
        return read(h -> h.createQuery(CallEvents.byId(dialect))
                .bind("id", eventId).map((rs, ctx) -> Rows.event(rs)).findFirst());
    }

    @Override
    public List<StoredEvent> findEventsByStatus(EventStatus status, int limit) {
        return read(h -> h.createQuery(CallEvents.byStatus(dialect))
                .bind("status", status.wireName()).setMaxRows(limit).map((rs, ctx) -> Rows.event(rs)).list());
    }

    @Override
    public long countEventsByStatus(EventStatus status) {
        return read(h -> h.createQuery(CallEvents.countByStatus(dialect)).bind("status", status.wireName()).mapTo(Long.class).one());
    }

    @Override
    public List<StoredEvent> findCallEvents(String tenantId, String callId) {
        return read(h -> callEvents(h, dialect, tenantId, callId));
    }

    @Override
    public List<StoredEvent> claimPendingEvents(int limit, Instant now, Instant leaseUntil) {
        if (dialect == Dialect.POSTGRESQL) {
            // One statement: the locked rows are leased and returned.
            return translate(() -> readCommitted(h -> h.createQuery(CallEvents.leaseDueReturning())
                    .bind("lease", Rows.ts(leaseUntil)).bind("now", Rows.ts(now)).bind("limit", limit)
                    .map((rs, ctx) -> Rows.event(rs)).list()));
        }
        return translate(() -> readCommitted(h -> {
            // The rows are read whole and locked: the claim below needs no second read of each.
            List<StoredEvent> candidates = h.createQuery(CallEvents.dueLocked(dialect))
                    .bind("now", Rows.ts(now)).bind("limit", limit).map((rs, ctx) -> Rows.event(rs)).list();
            List<StoredEvent> claimed = new ArrayList<>(candidates.size());
            for (StoredEvent e : candidates) {
                // The condition makes the claim safe even where SKIP LOCKED is not available (H2).
                int won = h.createUpdate(CallEvents.leaseIfDue(dialect))
                        .bind("lease", Rows.ts(leaseUntil)).bind("id", e.eventId()).bind("now", Rows.ts(now)).execute();
                if (won == 1) {
                    claimed.add(e);
                }
            }
            return claimed;
        }));
    }

    @Override
    public void releaseClaim(String eventId) {
        translate(() -> jdbi.withHandle(h -> h.createUpdate(CallEvents.release(dialect)).bind("id", eventId).execute()));
    }

    @Override
    public List<CallRecord> findOpenCallsUpdatedBefore(Instant cutoff, int limit) {
        return read(h -> h.createQuery(CallLogs.openUpdatedBefore(dialect))
                .bind("cutoff", Rows.ts(cutoff)).bind("limit", limit).map((rs, ctx) -> CallColumns.read(rs)).list());
    }

    @Override
    public int deleteTenant(String tenantId) {
        // A tenant's events all belong to its calls: ON DELETE CASCADE removes them with the calls.
        return translate(() -> jdbi.inTransaction(h ->
                h.createUpdate(CallLogs.deleteTenant(dialect)).bind("tenant", tenantId).execute()));
    }

    /**
     * Runs {@code SELECT 1} on a pooled connection (within the pool's connection timeout): the health endpoint's and
     * the Spring Boot starter's health indicator's check.
     *
     * @throws dev.calloutcomes.store.StoreUnavailableException when the database cannot answer
     */
    @Override
    public void checkAvailable() {
        read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcOutcomeStore[" + dialect + (ownPool != null ? ", own pool" : "") + "]";
    }

    /** Builds a {@link JdbcOutcomeStore}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private DataSource dataSource;
        private String jdbcUrl;
        private String username;
        private String password;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private boolean migrate = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Uses the host's pool; the store never closes it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** Opens its own HikariCP pool on this URL (closed by {@link #close()}). */
        public Builder jdbcUrl(String url) {
            require(url != null && url.startsWith("jdbc:"), "jdbcUrl", url == null ? null : url.replaceAll("password=[^&;]*", "password=***"),
                    "must start with jdbc:");
            this.jdbcUrl = url;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Size of the pool this store opens; default {@value JdbcOutcomeStore#DEFAULT_MAXIMUM_POOL_SIZE}. */
        public Builder maximumPoolSize(int size) {
            require(size > 0 && size <= 1000, "maximumPoolSize", size, "must be between 1 and 1000");
            this.maximumPoolSize = size;
            return this;
        }

        /** How long to wait for a connection before the store counts as unavailable; default 5 s ({@link JdbcOutcomeStore#DEFAULT_CONNECTION_TIMEOUT}). */
        public Builder connectionTimeout(Duration timeout) {
            require(timeout != null && timeout.toMillis() >= 250, "connectionTimeout", timeout, "must be at least 250 ms");
            this.connectionTimeout = timeout;
            return this;
        }

        /**
         * Whether {@link #build()} upgrades the schema first; default true. With false (the host runs
         * {@link Migrations} itself), {@link #build()} checks that the tables hold every column this version uses
         * and throws {@link SchemaMismatchException} naming what is missing.
         */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public JdbcOutcomeStore build() {
            require(dataSource != null ^ jdbcUrl != null, "dataSource/jdbcUrl", "both or neither", "exactly one must be set");
            HikariDataSource pool = null;
            DataSource ds = dataSource;
            if (ds == null) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(jdbcUrl);
                config.setUsername(username);
                config.setPassword(password);
                config.setMaximumPoolSize(maximumPoolSize);
                config.setConnectionTimeout(connectionTimeout.toMillis());
                config.setPoolName("call-outcomes");
                config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
                config.setInitializationFailTimeout(-1);
                pool = new HikariDataSource(config);
                ds = pool;
            }
            try {
                if (migrate) {
                    Migrations.of(ds).upgrade();
                } else {
                    SchemaCheck.verify(ds);
                }
                return new JdbcOutcomeStore(ds, pool, clock);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }
    }
}
