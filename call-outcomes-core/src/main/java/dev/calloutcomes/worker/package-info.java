/**
 * Asynchronous mode's workers: {@link dev.calloutcomes.worker.EventWorkers}, made by
 * {@link dev.calloutcomes.CallOutcomes#workers}, their {@link dev.calloutcomes.worker.WorkerSettings}
 * and the {@link dev.calloutcomes.worker.WorkerSettings.RetryPolicy} for events that fail.
 */
package dev.calloutcomes.worker;

import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;
