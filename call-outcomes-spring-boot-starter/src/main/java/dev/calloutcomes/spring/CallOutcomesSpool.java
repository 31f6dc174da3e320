package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.jdbc.JdbcOutcomeStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The spool's store ({@code calloutcomes.spool.jdbc-url}), closed with the context. Not an {@code OutcomeStore} bean:
 * the context's store stays the one on its DataSource.
 */
public final class CallOutcomesSpool implements AutoCloseable {
    private final JdbcOutcomeStore store;

    CallOutcomesSpool(JdbcOutcomeStore store) {
        this.store = store;
    }

    /** The spool's store. */
    public JdbcOutcomeStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }

    /** Forwards what the spool holds every second, started and stopped with the context. */
    public static final class Forwarder implements SmartLifecycle {
        private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
        private final CallOutcomes outcomes;
        private ScheduledExecutorService scheduler;

        Forwarder(CallOutcomes outcomes) {
            this.outcomes = outcomes;
        }

        @Override
        public synchronized void start() {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "call-outcomes-spool-forwarder");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::forward, 1, 1, TimeUnit.SECONDS);
        }

        /** Moves what the spool holds, a batch at a time, until it is empty or the store is down. */
        void forward() {
            try {
                while (outcomes.maintenance().forwardSpool(500) > 0) {
                    // the store answers: the next batch at once
                }
            } catch (RuntimeException e) {
                LOG.warn("forwarding the spool failed; trying again in a second: {}", e.getMessage());
            }
        }

        @Override
        public synchronized void stop() {
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return scheduler != null;
        }
    }
}
