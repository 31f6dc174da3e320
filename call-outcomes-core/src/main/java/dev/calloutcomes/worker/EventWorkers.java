package dev.calloutcomes.worker;

import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;

/**
 * Applies pending events: the workers of asynchronous mode, made by
 * {@link dev.calloutcomes.CallOutcomes#workers(WorkerSettings)}. The queue is the store itself:
 * workers claim batches of due events under a lease, so several workers in several processes share
 * it safely, and events claimed by a worker that died are claimed again when the lease ends. A
 * failing event is retried by the {@link RetryPolicy} and, after its last attempt, kept as failed
 * with its error (a dead letter).
 *
 * <p>Thread-safe. {@link #close()} stops claiming, lets in-flight events finish (up to the lease),
 * and releases claimed events it did not start.
 */
public interface EventWorkers extends AutoCloseable {
    /** Starts the worker threads; a second call does nothing. Returns this. */
    EventWorkers start();

    /**
     * Claims one batch of due events and applies it on the calling thread, in one transaction;
     * when that transaction fails, the events are applied one by one, so that only the failing
     * ones are retried. Returns how many events were handled.
     */
    int runOnce();

    /**
     * Applies pending events until none is due; returns how many were handled. For tests and catch-up runs. An event a
     * running worker claimed is not due: drain does not wait for it.
     */
    int drain();

    /** Stops claiming, waits up to the lease for in-flight events, releases the rest. */
    @Override
    void close();
}
