package dev.calloutcomes.jdbc.internal;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Liquibase's log through SLF4J, as a library's should be: its messages go to the host's logging under the
 * {@code liquibase} categories, at the levels Liquibase gives them (INFO for each changeset, so that a host that sets
 * {@code liquibase} to WARN sees none). Used for the scope our migrations run in. Not API (see the package documentation).
 */
public final class Slf4jLogService extends AbstractLogService {
    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz));
    }

    private static final class Slf4jLogger extends AbstractLogger {
        private final org.slf4j.Logger log;

        Slf4jLogger(org.slf4j.Logger log) {
            this.log = log;
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            if (level == Level.OFF) {
                return;
            }
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                log.error(message, e);
            } else if (value >= Level.WARNING.intValue()) {
                log.warn(message, e);
            } else if (value >= Level.INFO.intValue()) {
                log.info(message, e);
            } else if (value >= Level.FINE.intValue()) {
                log.debug(message, e);
            } else {
                log.trace(message, e);
            }
        }
    }
}
