package dev.calloutcomes.jdbc;

import dev.calloutcomes.store.ConstraintViolationException;
import dev.calloutcomes.store.InvalidDataException;
import dev.calloutcomes.store.StoreUnavailableException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.JdbiException;

/** What a failed statement means to the store's caller, and how long to wait before a retry. */
final class StorageFailures {
    private StorageFailures() {
    }

    /** The first {@link SQLException} in {@code e}'s causes, or null. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * A data exception (SQLState class 22) is bad input, anything else an outage. Neither message
     * carries the statement or its bound values (Jdbi's own message does: it stays in the cause, for
     * DEBUG logs).
     */
    static RuntimeException translated(JdbiException e) {
        SQLException sql = sqlCause(e);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("22")) {
            return new InvalidDataException("the database refused a value as data it cannot hold (SQLState " + state + ")", e);
        }
        if (isConstraintViolation(sql, state)) {
            return new ConstraintViolationException("a constraint of the database (foreign key, check or not null) refused "
                    + "the row (SQLState " + state + (sql.getErrorCode() != 0 ? ", error " + sql.getErrorCode() : "") + ")", e);
        }
        return new StoreUnavailableException("database unavailable or failed" + (state.isEmpty() ? "" : " (SQLState " + state + ")")
                + ": " + e.getClass().getSimpleName(), e);
    }

    /**
     * A foreign-key, check or not-null violation: PostgreSQL's and H2's SQLStates 23502, 23503, 23506, 23513 and
     * 23514; MariaDB's and MySQL's 23000 with error 1048, 1451, 1452 or 4025 (their 23000 also means a duplicate
     * key, which is not one of these: it is handled where it is expected, and an outage elsewhere).
     */
    static boolean isConstraintViolation(SQLException sql, String state) {
        if (sql == null) {
            return false;
        }
        return switch (state) {
            case "23502", "23503", "23506", "23513", "23514" -> true;
            case "23000" -> switch (sql.getErrorCode()) {
                case 1048, 1451, 1452, 4025 -> true;
                default -> false;
            };
            default -> false;
        };
    }

    /** Waits a little, more after each failed attempt and with jitter, before a deadlocked unit of work runs again. */
    static void pauseBeforeRetry(int attempt) {
        try {
            Thread.sleep(5L * attempt + ThreadLocalRandom.current().nextLong(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
