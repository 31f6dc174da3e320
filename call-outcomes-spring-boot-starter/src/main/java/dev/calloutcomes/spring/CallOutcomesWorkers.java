package dev.calloutcomes.spring;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link EventWorkers} of asynchronous mode as a lifecycle bean: started once the context is refreshed, stopped
 * (claimed events finished or released) before the context's beans, the store among them, are destroyed.
 */
public final class CallOutcomesWorkers implements SmartLifecycle {
    private final EventWorkers workers;
    private volatile boolean running;

    CallOutcomesWorkers(CallOutcomes outcomes, WorkerSettings settings) {
        this.workers = outcomes.workers(settings);
    }

    @Override
    public synchronized void start() {
        workers.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            workers.close();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The workers, for tests and catch-up runs ({@link EventWorkers#drain()}). */
    public EventWorkers workers() {
        return workers;
    }
}
